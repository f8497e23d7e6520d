// What a row's hash covers and how it is computed; shared by the writer and the verifier so they cannot drift.
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

/** sha256 hex of `prevHash + "\n" + canonicalJSON(fields)`. */
export function hashAuditRow(prevHash: string, row: AuditContent): string {
  return crypto.createHash("sha256").update(`${prevHash}\n${canonicalJson(toHashedFields(row))}`).digest("hex");
}
