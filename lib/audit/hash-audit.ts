// What a row's hash covers and how it is computed; shared by the writer and the verifier so they cannot drift.
// Rows are sealed with a keyed MAC (`m1:` + HMAC-SHA-256 under a key derived from RUNWAY_SECRET_KEY, which is
// never in the database), so someone who can write the table (a superuser) cannot recompute a valid chain. Rows
// written before the keyed scheme carry a plain SHA-256 (64 hex digits); they stay verifiable, and the first
// keyed row after them seals them (its MAC covers their last hash).
import crypto from "node:crypto";
import { canonicalJson } from "./canonical-json";
import { AUDIT_HASHED_FIELDS, AUDIT_JSON_FIELDS, type AuditEventView } from "./views";

/** prevHash of the first row. */
export const GENESIS_HASH = "0".repeat(64);

/** Every column of "AuditEvent" except seq (assigned by the database), prevHash and hash. */
export type AuditContent = Omit<Pick<AuditEventView, (typeof AUDIT_HASHED_FIELDS)[number]>, "at"> & { at: Date };

/** Picks the hashed fields from a row (extra columns such as seq/hash are ignored), `at` as an ISO string. */
function toHashedFields(row: AuditContent): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field of AUDIT_HASHED_FIELDS) {
    if (field === "at") fields.at = row.at.toISOString();
    else fields[field] = AUDIT_JSON_FIELDS.has(field) ? (row[field] ?? null) : row[field];
  }
  return fields;
}

/** Legacy (unkeyed) rows: sha256 hex of `prevHash + "\n" + canonicalJSON(fields)`. Verification only. */
export function hashAuditRow(prevHash: string, row: AuditContent): string {
  return crypto
    .createHash("sha256")
    .update(`${prevHash}\n${canonicalJson(toHashedFields(row))}`)
    .digest("hex");
}

export const KEYED_PREFIX = "m1:";

/** The chain's MAC key: HKDF-SHA-256 of RUNWAY_SECRET_KEY, for this purpose only (it never encrypts anything). */
export function deriveAuditKey(secretKey: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", secretKey, "runway", "audit chain mac v1", 32));
}

/** Keyed rows: `m1:` + HMAC-SHA-256(key, prevHash + "\n" + canonicalJSON(fields)). */
export function sealAuditRow(key: Buffer, prevHash: string, row: AuditContent): string {
  return (
    KEYED_PREFIX +
    crypto
      .createHmac("sha256", key)
      .update(`${prevHash}\n${canonicalJson(toHashedFields(row))}`)
      .digest("hex")
  );
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
