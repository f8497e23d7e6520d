// The JSON contract of the schema routes (types only: safe to import from client components).
//   GET  /api/environments/{id}/drift              → DriftView            (viewer)
//   POST /api/environments/{id}/drift              → 202 DriftView        (operator: starts a check)
//   GET  /api/environments/{id}/compare?with={id}  → SchemaCompareView    (viewer)
import type { SchemaChange } from "./describe-changes";

export type { SchemaChange };

export type DriftCheckStatus = "never" | "running" | "done" | "failed";

export interface DriftView {
  environmentId: string;
  status: DriftCheckStatus;
  /** The result was computed for the environment's current state (fingerprint); false: re-check pending. */
  current: boolean;
  /** null until a check finished. */
  drifted: boolean | null;
  /** SQL that turns the replayed applied migrations into the live schema. */
  sql: string | null;
  /** `added`: in the database, no migration creates it; `removed`: the migrations create it, the database lacks it. */
  changes: SchemaChange[];
  /** Applied migrations that do not replay on an empty database (they rely on objects made by hand): left out of the replay. */
  replayFailures: Array<{ migrationName: string; message: string }>;
  error: string | null;
  progress: { phase: string; done: number; total: number } | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

/** What the overview card and the matrix show about drift. */
export interface DriftSummaryView {
  status: DriftCheckStatus;
  current: boolean;
  drifted: boolean | null;
  changeCount: number;
  finishedAt: string | null;
}

export interface SchemaCompareView {
  from: { id: string; name: string };
  to: { id: string; name: string };
  identical: boolean;
  /** SQL turning `from`'s schema into `to`'s. */
  sql: string;
  /** `added`: only in `to`; `removed`: only in `from`; `changed`: in both, differently. */
  changes: SchemaChange[];
  durationMs: number;
}

export interface DryRunView {
  verdict: "succeeds" | "fails" | "inconclusive";
  /** The migrations the engine applied in the shadow, in order. */
  appliedMigrationNames: string[];
  /** verdict "fails": the migration, the statement and the database error, as the engine reported them. */
  failure: {
    migrationName: string | null;
    code: string;
    message: string;
    line: number | null;
    statement: string | null;
  } | null;
  /** verdict "inconclusive": why the target could not be reproduced (its drift does not apply to the replay…). */
  reason: string | null;
  /** The target had drift, which was applied to the shadow before the deploy. */
  driftApplied: boolean;
  durationMs: number;
}
