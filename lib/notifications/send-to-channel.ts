// Sends one event to one channel and says what happened (the delivery log's row): HTTP status or SMTP reply.
import type { Transporter } from "nodemailer";
import type { RecordedEvent } from "../monitor/record-reading";
import type { ChannelTarget } from "./channels";
import { linksFor, toEmail, toSlackMessage, toWebhookBody } from "./messages";
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from "./sign-webhook";

export interface SendOptions {
  publicUrl: string;
  smtp: { transport: Transporter; from: string } | null;
  timeoutMs?: number;
  test?: boolean;
}

export interface SendResult {
  ok: boolean;
  responseCode: number | null;
  error: string | null;
  durationMs: number;
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Omit<SendResult, "durationMs">> {
  try {
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "user-agent": "Runway", ...headers },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
    });
    const text = await response.text().catch(() => "");
    if (response.ok) return { ok: true, responseCode: response.status, error: null };
    return {
      ok: false,
      responseCode: response.status,
      error: `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const name = (error as Error).name;
    return {
      ok: false,
      responseCode: null,
      error:
        name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `could not connect${cause ? ` (${cause})` : ""}`,
    };
  }
}

export async function sendToChannel(
  channel: ChannelTarget,
  event: RecordedEvent,
  options: SendOptions,
): Promise<SendResult> {
  const started = performance.now();
  const links = linksFor(event, options.publicUrl);
  const timeoutMs = options.timeoutMs ?? 10_000;
  let result: Omit<SendResult, "durationMs">;
  if (channel.kind === "webhook") {
    const body = JSON.stringify(toWebhookBody(event, links, options.test));
    const timestamp = Math.floor(Date.now() / 1000);
    result = await post(
      channel.target,
      body,
      {
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(channel.secret ?? "", timestamp, body),
        "x-runway-event": options.test ? "test" : event.kind,
      },
      timeoutMs,
    );
  } else if (channel.kind === "slack") {
    result = await post(channel.target, JSON.stringify(toSlackMessage(event, links)), {}, timeoutMs);
  } else if (!options.smtp) {
    result = { ok: false, responseCode: null, error: "SMTP is not configured (RUNWAY_SMTP_URL)." };
  } else {
    try {
      const info = await options.smtp.transport.sendMail({
        from: options.smtp.from,
        to: channel.target,
        ...toEmail(event, links),
      });
      result = { ok: true, responseCode: Number(String(info.response).slice(0, 3)) || null, error: null };
    } catch (error) {
      const e = error as { responseCode?: number; message: string };
      result = { ok: false, responseCode: e.responseCode ?? null, error: e.message.slice(0, 300) };
    }
  }
  return { ...result, durationMs: Math.round(performance.now() - started) };
}
