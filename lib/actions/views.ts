// The JSON contract of the action routes (types only: safe to import from client components).
//   GET  /api/environments/{id}/preflight?kind=…&migration=…   → PreflightView        (operator)
//   POST /api/environments/{id}/actions  ActionRequestBody      → 202 { id, status }   (operator)
//   GET  /api/environments/{id}/actions                         → { actions: ActionView[] } (viewer; newest first, 20)
//   GET  /api/actions/{id}?afterLogId=N                         → ActionView (log lines after N) (viewer)
//   POST /api/actions/{id}/approve                              → ActionView           (operator, not the requester)
//   POST /api/actions/{id}/reject   { reason? }                 → ActionView           (operator)

import type { ActionKind, ActionStatus } from "../api/actions";

export type { ActionKind, ActionStatus };
export { OPEN_ACTION_STATUSES } from "../api/actions";
export type { ActionRequestBody } from "../api/schemas";
import type { DryRunView } from "../schema/views";

export interface PreflightWarning {
  /** transaction_control, concurrently, non_transactional, modified, missing_locally, parse_error, partial_effects, … */
  code: string;
  migrationName: string | null;
  /** 1-based line in migration.sql, when the warning is about a statement. */
  line: number | null;
  message: string;
}

export interface PreflightRowChange {
  /** `_prisma_migrations.id` of an existing row, or null for a row the action inserts. */
  rowId: string | null;
  migrationName: string;
  change: "set_rolled_back_at" | "insert_applied_row" | "insert_and_run";
  startedAt: string | null;
}

export interface PreflightView {
  kind: ActionKind;
  migrationName: string | null;
  environmentId: string;
  environmentName: string;
  isProtected: boolean;
  /** The state this preflight was computed from; send it back as expectedFingerprint. */
  fingerprint: string;
  /** false with `refusal` when the action cannot run in this state (e.g. P3012 not failed, P3009 blocked). */
  allowed: boolean;
  /**
   * `overridable`: the request may still be sent with an `overrideReason` (a failed dry run). `mustDeployFirst`
   * (promotion_order): the environment that must be at the release first.
   */
  refusal: {
    code: string;
    message: string;
    overridable?: boolean;
    mustDeployFirst?: { environmentId: string; environmentName: string };
  } | null;
  /** deploy: the release it applies (`chosen`: the one asked for; otherwise the newest), to send back with the request. */
  release: { number: number; label: string; checksum: string; chosen: boolean } | null;
  /** deploy: the pending migrations applied by Prisma's engine in a shadow copy of the target's schema. */
  dryRun: DryRunView | null;
  /** Exactly what will change in `_prisma_migrations`. */
  rowChanges: PreflightRowChange[];
  /** deploy: the migrations that will run, in order, with their SQL. */
  migrationsToApply: Array<{ name: string; sql: string; warnings: PreflightWarning[] }>;
  warnings: PreflightWarning[];
  /** The equivalent Prisma CLI command. */
  cliCommand: string;
  /** Protected environments need a second operator's approval before the action runs. */
  needsApproval: boolean;
  /** A running or waiting action on this environment, which would make a request fail with 409. */
  openAction: { id: string; kind: ActionKind; status: ActionStatus; requestedByLabel: string } | null;
}

export interface ActionLogLineView {
  id: number;
  at: string;
  level: string;
  message: string;
  migrationName: string | null;
}

export interface ActionView {
  id: string;
  environmentId: string;
  environmentName: string;
  kind: ActionKind;
  migrationName: string | null;
  /** deploy: the release it applies (`number` null: the source, which was that newest release when requested). */
  release: { number: number | null; checksum: string } | null;
  status: ActionStatus;
  requestedByLabel: string;
  requestedByRole: string;
  /** True when the caller asked for it (the UI hides Approve for the requester). */
  requestedByMe: boolean;
  expectedFingerprint: string;
  fingerprintAfter: string | null;
  approvalExpiresAt: string | null;
  decidedByLabel: string | null;
  decidedAt: string | null;
  error: { code: string; message: string } | null;
  result: { appliedMigrationNames?: string[] } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Log lines with id > afterLogId (all of them without it), oldest first. */
  log: ActionLogLineView[];
}
