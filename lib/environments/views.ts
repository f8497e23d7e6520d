// The JSON contract of the read routes (GET /api/environments, /api/environments/{id}/status, /api/overview,
// /api/environments/{id}/migrations/{name}). Shared by the routes, the UI and API clients. Types only: safe to
// import from client components. Dates are ISO-8601 strings. No database URL or password ever appears here.
import type { FolderProblem, HistoryDivergence, MigrationState } from "../migrations/types";
import type { DriftSummaryView } from "../schema/views";
import type { EnvironmentReleaseView } from "../releases/views";

import type { Role } from "../api/roles";
import type { SourceKind } from "../api/sources";
import type { GitSourceView } from "../git-source/views";

export type { FolderProblem, HistoryDivergence, MigrationState, Role };

/** Health of an environment, most urgent first. `unreachable`: the database could not be read. */
/** `drifted`: the live schema differs from what its applied migrations build (lib/schema, checked in a shadow database). */
export type EnvironmentHealth =
  "unreachable" | "blocked" | "in_progress" | "diverged" | "drifted" | "pending" | "up_to_date" | "not_managed";

export interface EnvironmentView {
  id: string;
  projectId: string;
  projectName: string;
  name: string;
  position: number;
  isProtected: boolean;
  /** `postgresql://user:****@host:5432/db`: the password is never included. */
  urlDisplay: string;
  /** The schema holding `_prisma_migrations` (from the URL or the override). */
  schema: string;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

/** An environment removed by an admin (archived): its audit history and events stay, so filters still offer it. */
export interface RemovedEnvironmentView {
  id: string;
  projectId: string;
  projectName: string;
  name: string;
  removedAt: string;
}

export interface MigrationSourceView {
  kind: SourceKind;
  /** Folder path on the server, `bundle v3 (sha256 abcd…)`, or `git <repository> main @ a1b2c3d`. */
  label: string;
  bundleVersion: number | null;
  bundleChecksum: string | null;
  bundleUploadedAt: string | null;
  migrationCount: number;
  problems: FolderProblem[];
  /** The source could not be read at all (folder vanished, no bundle uploaded yet): says what to do. */
  error: string | null;
}

export interface AttemptView {
  id: string;
  checksum: string;
  startedAt: string;
  finishedAt: string | null;
  rolledBackAt: string | null;
  logs: string | null;
  appliedStepsCount: number;
  /** Written by `migrate resolve --applied` (no script ran). */
  markedApplied: boolean;
  /**
   * How long its script ran: finished − started. Null when that is not known: a failed row has no end in Prisma's
   * table (its rolled_back_at is when someone resolved it), and a row marked applied ran nothing. The migration
   * route fills it in for a failed attempt Runway ran, from Runway's log (`durationSource: "runway_log"`).
   */
  durationMs: number | null;
  /** Where durationMs comes from (the migration route only). */
  durationSource?: "prisma" | "runway_log" | null;
  /** The deploy that wrote this attempt (the migration route only): its id, size, and Runway's action if Runway ran it. */
  deploy?: Pick<DeployView, "id" | "attemptCount" | "runway"> | null;
}

export interface MigrationView {
  name: string;
  state: MigrationState;
  willApplyOnDeploy: boolean;
  /** The local file differs from the applied attempt (modified). */
  checksumMismatch: boolean;
  localChecksum: string | null;
  /** Checksum of the attempt that decides the state. */
  appliedChecksum: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  rolledBackAt: string | null;
  /** The stored error of the deciding attempt (failed migrations). */
  logs: string | null;
  attempts: AttemptView[];
  /**
   * failed or rolled_back: whether the local file is still the one that failed (same checksum as the failed attempt:
   * deploying now repeats the same failure) or has changed since; null otherwise.
   */
  sinceFailure: "unchanged" | "changed" | null;
  /** edited_acknowledged: who acknowledged the edit, when, and why. */
  acknowledgement: { id: string; byLabel: string; at: string; reason: string | null } | null;
}

/** One acknowledged edit of an applied migration in one environment (lib/environments/acknowledge-edits.ts). */
export interface AcknowledgementView {
  id: string;
  environmentId: string;
  migrationName: string;
  /** What ran (the applied attempt's checksum) and the edited file's checksum. */
  appliedChecksum: string;
  fileChecksum: string;
  reason: string | null;
  byLabel: string;
  at: string;
}

export interface MigrationDetailView extends MigrationView {
  /** migration.sql from the migrations source; null when missing locally. */
  sql: string | null;
  environment: EnvironmentView;
}

export interface StatusError {
  code: string;
  title: string;
  message: string;
}

export interface LockHolderView {
  pid: number;
  applicationName: string | null;
  since: string | null;
  state: string | null;
}

export interface EnvironmentStatusView {
  environment: EnvironmentView;
  source: MigrationSourceView;
  reachable: boolean;
  /** Why the database could not be read (unreachable, timeout, wrong URL). */
  error: StatusError | null;
  checkedAt: string;
  durationMs: number;
  serverVersion: string | null;
  hasMigrationsTable: boolean;
  health: EnvironmentHealth;
  /** `migrate deploy` would refuse with P3009. */
  blocked: boolean;
  blockedMessage: string | null;
  inProgress: boolean;
  lockHolder: LockHolderView | null;
  /** The applied migration that finished last, and when (what is in this environment, and since when). */
  latestApplied: { name: string; finishedAt: string | null } | null;
  /** The overview's answer is the last known state while a newer read is still running (see checkedAt for its age). */
  refreshing?: boolean;
  pendingCount: number;
  counts: Record<MigrationState, number>;
  divergence: HistoryDivergence | null;
  /** Hash of the state shown; actions send it back and are refused if the environment changed. */
  fingerprint: string | null;
  /** The last schema drift check (null: never checked); `current` when it was made for this fingerprint. */
  drift: DriftSummaryView | null;
  /** The release the environment is at and how far behind the newest (null: the project has no release yet). */
  release: EnvironmentReleaseView | null;
  migrations: MigrationView[];
}

/**
 * An environment's divergence on the overview: the kind and how many, not the names (those are in the matrix,
 * and in full in the status route): a database without `_prisma_migrations` would otherwise list every migration.
 */
export interface DivergenceSummaryView {
  kind: HistoryDivergence["kind"];
  lastCommon: string | null;
  unappliedCount: number;
  missingLocallyCount: number;
}

/** One environment's card on the overview (the status without the per-migration list). */
export type EnvironmentSummaryView = Omit<EnvironmentStatusView, "migrations" | "divergence"> & {
  divergence: DivergenceSummaryView | null;
};

/**
 * Migration × environment, compact: every name once, and per name one character per environment
 * (MATRIX_STATE_CODES in lib/api/matrix-codes.ts; decode with lib/environments/overview-matrix.ts).
 */
export interface MatrixView {
  /** Environments as columns, in order (dev → staging → prod). */
  environmentIds: string[];
  /** Every migration known to the source or to any database read, in Prisma's (name) order. */
  names: string[];
  /**
   * One string per name: its state in each environment, the i-th character for `environmentIds[i]`
   * (`a` applied, `m` applied manually, `p` pending, `f` failed, `i` in progress, `r` rolled back, `x` modified,
   * `l` missing locally, `-` none: the database could not be read, or the migration is not known there).
   */
  states: string[];
}

export interface ProjectOverviewView {
  id: string;
  name: string;
  environments: EnvironmentSummaryView[];
  matrix: MatrixView;
}

export interface OverviewView {
  generatedAt: string;
  projects: ProjectOverviewView[];
}

export interface ProjectView {
  id: string;
  name: string;
  sourceKind: SourceKind;
  folderPath: string | null;
  /** The migrations folder inside the application's repository: the paths of generated patches (and what git sources read). */
  repoMigrationsPath: string;
  latestBundle: { version: number; checksum: string; migrationCount: number; createdAt: string } | null;
  environmentCount: number;
  /** The git source (sourceKind git): where it reads and what the last fetch found; never its secrets. */
  git: GitSourceView | null;
  /** Deploys follow the environments' order: an environment deploys only releases the one before it is at or past. */
  enforcePromotion: boolean;
}

export interface SessionUserView {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

/** One attempt inside a deploy of the history (GET /api/environments/{id}/history). */
export interface DeployAttemptView {
  /** `_prisma_migrations.id`. */
  id: string;
  migrationName: string;
  /** What happened to this attempt: applied, applied_manually, failed, rolled_back (failed, resolved since), in_progress. */
  state: MigrationState;
  /** It decides its migration's state now (a failed one that is current blocks deploys). */
  isCurrent: boolean;
  startedAt: string;
  finishedAt: string | null;
  rolledBackAt: string | null;
  markedApplied: boolean;
  /** How long its script ran: Prisma's finished − started; for a failed attempt Runway ran, from Runway's log; else null. */
  durationMs: number | null;
  durationSource: "prisma" | "runway_log" | null;
  /** The error Prisma stored, for failed attempts only. */
  logs: string | null;
}

/** One deploy: the attempts one `migrate deploy` run wrote (or one `migrate resolve --applied`). */
export interface DeployView {
  /** Its first attempt's id. */
  id: string;
  kind: "deploy" | "resolve_applied";
  outcome: "applied" | "failed" | "in_progress" | "marked_applied";
  startedAt: string;
  /** When its last migration finished (null while running or when it failed: Prisma records no end for a failure). */
  finishedAt: string | null;
  /** What ran: first start → last finish; for a failed deploy Runway ran, from its log; else null (unknown). */
  durationMs: number | null;
  durationSource: "prisma" | "runway_log" | null;
  attemptCount: number;
  failedMigration: string | null;
  /** When the failed attempt was marked rolled back (null: not, or not failed). */
  resolvedAt: string | null;
  /** Run by Runway: the action, who asked, who approved. Null: run outside Runway (CLI, CI). */
  runway: { actionId: string; requestedBy: string; approvedBy: string | null } | null;
  attempts: DeployAttemptView[];
}

/** Counts over the whole history (every page, any filter). */
export interface HistorySummaryView {
  deploys: number;
  attempts: number;
  failedDeploys: number;
}

export interface HistoryPageView {
  environmentId: string;
  deploys: DeployView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
  summary: HistorySummaryView;
}
