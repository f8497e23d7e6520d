// What a row's hash covers and how it is computed; shared by the writer and the verifier so they cannot drift.
// Rows are sealed with a keyed MAC (`m1:` + HMAC-SHA-256 under a key derived from RUNWAY_SECRET_KEY, which is
// never in the database), so someone who can write the table (a superuser) cannot recompute a valid chain. Rows
// written before the keyed scheme carry a plain SHA-256 (64 hex digits); they stay verifiable, and the first
// keyed row after them seals them (its MAC covers their last hash).
import crypto from "node:crypto";
import { canonicalJson } from "./canonical-json";

/** prevHash of the first row. */
export const GENESIS_HASH = "0".repeat(64);

/** Every column of "AuditEvent" except seq (assigned by the database), prevHash and hash. */
export interface AuditContent {
  at: Date;
  event: string;
  actor: string | null;
  actorLabel: string | null;
  actorRole: string | null;
  environmentId: string | null;
  environmentName: string | null;
  actionId: string | null;
  actionKind: string | null;
  outcome: string | null;
  arguments: unknown;
  fingerprintBefore: string | null;
  fingerprintAfter: string | null;
  engineLog: unknown;
  message: string | null;
  durationMs: number | null;
  clientAddress: string | null;
  userAgent: string | null;
}

/** Picks the hashed fields from a row (extra columns such as seq/hash are ignored), `at` as an ISO string. */
function toHashedFields(row: AuditContent): Record<string, unknown> {
  return {
    at: row.at.toISOString(),
    event: row.event,
    actor: row.actor,
    actorLabel: row.actorLabel,
    actorRole: row.actorRole,
    environmentId: row.environmentId,
    environmentName: row.environmentName,
    actionId: row.actionId,
    actionKind: row.actionKind,
    outcome: row.outcome,
    arguments: row.arguments ?? null,
    fingerprintBefore: row.fingerprintBefore,
    fingerprintAfter: row.fingerprintAfter,
    engineLog: row.engineLog ?? null,
    message: row.message,
    durationMs: row.durationMs,
    clientAddress: row.clientAddress,
    userAgent: row.userAgent,
  };
}

/** Legacy (unkeyed) rows: sha256 hex of `prevHash + "\n" + canonicalJSON(fields)`. Verification only. */
export function hashAuditRow(prevHash: string, row: AuditContent): string {
  return crypto.createHash("sha256").update(`${prevHash}\n${canonicalJson(toHashedFields(row))}`).digest("hex");
}

export const KEYED_PREFIX = "m1:";

/** The chain's MAC key: HKDF-SHA-256 of RUNWAY_SECRET_KEY, for this purpose only (it never encrypts anything). */
export function deriveAuditKey(secretKey: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", secretKey, "runway", "audit chain mac v1", 32));
}

/** Keyed rows: `m1:` + HMAC-SHA-256(key, prevHash + "\n" + canonicalJSON(fields)). */
export function sealAuditRow(key: Buffer, prevHash: string, row: AuditContent): string {
  return KEYED_PREFIX + crypto.createHmac("sha256", key).update(`${prevHash}\n${canonicalJson(toHashedFields(row))}`).digest("hex");
}

export function isKeyedHash(hash: string): boolean {
  return hash.startsWith(KEYED_PREFIX);
}

/** Whether `row.hash` is right for its content: a keyed MAC under `key`, or a legacy SHA-256. */
export function checkRowHash(key: Buffer, row: AuditContent & { prevHash: string; hash: string }): boolean {
  const expected = isKeyedHash(row.hash) ? sealAuditRow(key, row.prevHash, row) : hashAuditRow(row.prevHash, row);
  const [a, b] = [Buffer.from(expected), Buffer.from(row.hash)];
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
