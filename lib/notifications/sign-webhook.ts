// Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>" with the channel's secret, as Stripe and Slack do,
// so a receiver can check both who sent it and that it is recent (refuse old timestamps: no replays).
import crypto from "node:crypto";

export const SIGNATURE_HEADER = "x-runway-signature";
export const TIMESTAMP_HEADER = "x-runway-timestamp";

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** For receivers (and tests): a valid signature on a timestamp within `toleranceS` of now. */
export function verifyWebhook(
  secret: string,
  headers: { signature: string | null; timestamp: string | null },
  body: string,
  toleranceS = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > toleranceS)
    return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
