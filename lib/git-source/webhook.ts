// Push hooks, as GitHub, GitLab and anything else that can send a shared secret call them: the proof (GitHub's
// X-Hub-Signature-256 HMAC of the raw body, GitLab's X-Gitlab-Token, or `Authorization: Bearer <secret>`),
// compared in constant time, and what the push was (GitHub's ping, a push to the ref the source follows, or
// something to ignore).
import crypto from "node:crypto";
import type { GitWebhookAcceptedView } from "./views";
import { describeRef } from "./repository";

export type WebhookSender = "github" | "gitlab" | "bearer";

/** Equal strings, in time independent of where they differ (and of their lengths: both are hashed first). */
function sameSecret(given: string, secret: string): boolean {
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(secret).digest();
  return crypto.timingSafeEqual(a, b);
}

/** Which sender proved it holds `secret`, or null (a missing or wrong proof). */
export function verifyWebhook(headers: Headers, body: Buffer, secret: string): WebhookSender | null {
  const signature = headers.get("x-hub-signature-256");
  if (signature !== null) {
    const match = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
    if (!match) return null;
    const expected = crypto.createHmac("sha256", secret).update(body).digest();
    return crypto.timingSafeEqual(Buffer.from(match[1], "hex"), expected) ? "github" : null;
  }
  const token = headers.get("x-gitlab-token");
  if (token !== null) return sameSecret(token, secret) ? "gitlab" : null;
  const authorization = headers.get("authorization");
  if (authorization?.startsWith("Bearer ")) return sameSecret(authorization.slice(7).trim(), secret) ? "bearer" : null;
  return null;
}

export interface PushEvent {
  /** GitHub's X-GitHub-Event or GitLab's X-Gitlab-Event, when sent. */
  event: string | null;
  /** The pushed ref (`refs/heads/main`), when the body names one. */
  ref: string | null;
}

/** The body as GitHub sends it (JSON, or form-encoded with the JSON in `payload`), GitLab's, or anything else. */
function parsePayload(headers: Headers, body: Buffer): unknown {
  const text = body.toString("utf8");
  try {
    if (/^application\/x-www-form-urlencoded\b/i.test(headers.get("content-type") ?? ""))
      return JSON.parse(new URLSearchParams(text).get("payload") ?? "null");
    return text.trim() ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export function readPushEvent(headers: Headers, body: Buffer): PushEvent {
  const payload = parsePayload(headers, body) as { ref?: unknown } | null;
  return {
    event: headers.get("x-github-event") ?? headers.get("x-gitlab-event"),
    ref: typeof payload?.ref === "string" ? payload.ref : null,
  };
}

const PUSH_EVENTS = new Set(["push", "Push Hook", "Tag Push Hook", "System Hook"]);

/** What the webhook does with a proven call: fetch, answer GitHub's ping, or ignore it (saying why). */
export function decideWebhook(push: PushEvent, sourceRef: string): Pick<GitWebhookAcceptedView, "outcome" | "message"> {
  const followed = describeRef(sourceRef);
  if (push.event === "ping") return { outcome: "pong", message: "Runway received the ping: pushes will be fetched." };
  if (push.event !== null && !PUSH_EVENTS.has(push.event))
    return { outcome: "ignored", message: `A ${push.event.slice(0, 100)} event: Runway fetches on pushes only.` };
  if (push.ref !== null && push.ref !== sourceRef)
    return {
      outcome: "ignored",
      message: `A push to ${push.ref.slice(0, 255)}: this project follows the ${followed.kind} ${followed.name}.`,
    };
  return { outcome: "queued", message: "" };
}
