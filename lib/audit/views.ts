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
}

/** Query-string filters of GET /api/audit, as the client sends them (all optional). */
export interface AuditSearch {
  environmentId?: string;
  /** Exact actor key (`user:<id>`) or part of the label (email, `token <name>`), case-insensitive. */
  actor?: string;
  event?: string;
  actionKind?: string;
  outcome?: string;
  /** ISO instant or YYYY-MM-DD (inclusive). */
  from?: string;
  /** ISO instant (exclusive) or YYYY-MM-DD (the whole day included). */
  to?: string;
  limit?: number;
  beforeSeq?: string;
}

export const AUDIT_EVENTS = [
  "request", "approval", "rejection", "refusal", "start", "outcome", "token_created", "token_revoked",
  // Admin changes (before → after in `arguments`) and sign-in.
  "user_created", "user_updated", "project_created", "bundle_uploaded", "environment_created", "settings_changed",
  "signin_lockout", "sso_refused", "sso_user_created", "sso_identity_linked",
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
