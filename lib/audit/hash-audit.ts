// What a row's hash covers and how it is computed; shared by the writer and the verifier so they cannot drift.
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

/** sha256 hex of `prevHash + "\n" + canonicalJSON(fields)`. */
export function hashAuditRow(prevHash: string, row: AuditContent): string {
  return crypto.createHash("sha256").update(`${prevHash}\n${canonicalJson(toHashedFields(row))}`).digest("hex");
}
