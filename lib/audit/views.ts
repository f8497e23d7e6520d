// The JSON contract of the audit routes (types only: safe to import from client components).
//   GET /api/audit?environmentId&actor&event&actionKind&outcome&from&to&limit&beforeSeq  → AuditListView (operator)
//   GET /api/audit?…&format=csv                       → text/csv attachment runway-audit.csv
//   GET /api/audit?…&format=json&download=1           → AuditListView as attachment runway-audit.json
//   GET /api/audit/verify                             → AuditVerifyView (operator)

/** One row of the append-only log. `seq` is a bigint in the database, a decimal string here. */
export interface AuditEventView {
  seq: string;
  /** ISO instant; covered by the hash. */
  at: string;
  /** request, approval, rejection, refusal, start, outcome, token_created, token_revoked, … */
  event: string;
  /** `user:<id>` or `token:<id>`; null for the system (workers, sweeps). */
  actor: string | null;
  actorLabel: string | null;
  actorRole: string | null;
  environmentId: string | null;
  environmentName: string | null;
  actionId: string | null;
  actionKind: string | null;
  outcome: string | null;
  /** JSON as recorded, secrets already redacted. */
  arguments: unknown;
  fingerprintBefore: string | null;
  fingerprintAfter: string | null;
  engineLog: unknown;
  message: string | null;
  durationMs: number | null;
  clientAddress: string | null;
  userAgent: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditListView {
  /** Newest first. */
  events: AuditEventView[];
  /** Pass as `beforeSeq` for the next (older) page; null when this page was the last. */
  nextBeforeSeq: string | null;
}

export interface AuditVerifyView {
  ok: boolean;
  /** Rows read (up to and including the first broken one). */
  checked: number;
  firstBrokenSeq: string | null;
  reason: string | null;
  /**
   * The last row verified intact (the head of the chain when ok): note it somewhere else, since removing the
   * newest rows leaves a shorter chain that still verifies.
   */
  lastSeq: string | null;
  lastHash: string | null;
  /** The head recorded outside the database (the data folder) that the chain was checked against; null if none. */
  head: { seq: string; hash: string } | null;
}

export type { AuditSearch } from "../api/schemas";

/** The fields of an audit event, in column order: the view, the hash, the CSV export and the query all use this list. */
export const AUDIT_EVENT_FIELDS = [
  "seq",
  "at",
  "event",
  "actor",
  "actorLabel",
  "actorRole",
  "environmentId",
  "environmentName",
  "actionId",
  "actionKind",
  "outcome",
  "arguments",
  "fingerprintBefore",
  "fingerprintAfter",
  "engineLog",
  "message",
  "durationMs",
  "clientAddress",
  "userAgent",
  "prevHash",
  "hash",
] as const satisfies ReadonlyArray<keyof AuditEventView>;

/** What a row's hash covers: every field but seq (assigned by the database), prevHash and the hash itself. */
export const AUDIT_HASHED_FIELDS = AUDIT_EVENT_FIELDS.filter(
  (field): field is Exclude<(typeof AUDIT_EVENT_FIELDS)[number], "seq" | "prevHash" | "hash"> =>
    field !== "seq" && field !== "prevHash" && field !== "hash",
);

/** JSON values (not text) in the log. */
export const AUDIT_JSON_FIELDS: ReadonlySet<string> = new Set(["arguments", "engineLog"] satisfies Array<
  keyof AuditEventView
>);

export const AUDIT_EVENTS = [
  "request",
  "approval",
  "rejection",
  "refusal",
  "start",
  "outcome",
  "token_created",
  "token_revoked",
  // Admin changes (before → after in `arguments`) and sign-in.
  "user_created",
  "user_updated",
  "project_created",
  "project_updated",
  "project_removed",
  "bundle_uploaded",
  "release_pushed",
  "edit_acknowledged",
  "edit_acknowledgement_withdrawn",
  "environment_created",
  "environment_updated",
  "environment_removed",
  "environments_reordered",
  "monitor_interval_set",
  "channel_created",
  "channel_updated",
  "channel_deleted",
  "settings_changed",
  "signin_lockout",
  "sso_refused",
  "sso_user_created",
  "sso_identity_linked",
] as const;

export const AUDIT_OUTCOMES = [
  "accepted",
  "awaiting_approval",
  "approved",
  "refused",
  "rejected",
  "running",
  "succeeded",
  "failed",
  "interrupted",
] as const;
