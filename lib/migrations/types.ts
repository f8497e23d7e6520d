// The shared vocabulary of the migration core. Every layer (routes, UI, CLI) speaks these types.

/** One migration folder read from a Prisma migrations directory. */
export interface LocalMigration {
  /** Folder name, e.g. `20260115000006_add_meta_oauth_metadata`. */
  name: string;
  /** The migration.sql text, exactly as on disk. */
  sql: string;
  /** SHA-256 of the raw file bytes, 64 lowercase hex (what Prisma stores). */
  checksum: string;
}

export type FolderProblemKind =
  | "missing_migration_sql" // a folder without migration.sql: Prisma refuses to deploy it
  | "unreadable" // a file or folder that could not be read
  | "stray_file" // a file at the top level that is neither a folder nor migration_lock.toml
  | "invalid_name"; // a folder whose name Prisma would not produce (dot-folders are ignored silently)

export interface FolderProblem {
  kind: FolderProblemKind;
  /** Path relative to the migrations folder. */
  path: string;
  message: string;
}

export interface MigrationLockfile {
  /** The provider named in migration_lock.toml, e.g. `postgresql`; null if the file has none. */
  provider: string | null;
  content: string;
}

/** A migrations folder as the core sees it: the migrations in Prisma's order plus what was wrong with it. */
export interface MigrationsFolder {
  /** Absolute path of the folder. */
  dir: string;
  migrations: LocalMigration[];
  lockfile: MigrationLockfile | null;
  problems: FolderProblem[];
}

/** A row of `_prisma_migrations`: one attempt at one migration. */
export interface MigrationRow {
  id: string;
  checksum: string;
  migrationName: string;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
  logs: string | null;
  appliedStepsCount: number;
}

/** A session holding Prisma's advisory lock (72707369): a deploy or resolve is running there. */
export interface LockHolder {
  pid: number;
  applicationName: string | null;
  clientAddress: string | null;
  /** When the holder's current transaction or query started, if known. */
  since: Date | null;
  state: string | null;
}

export interface MigrationHistory {
  /** Schema holding `_prisma_migrations` (`public` unless `?schema=` says otherwise). */
  schema: string;
  /** false: the database is not managed by Prisma Migrate (yet). */
  hasMigrationsTable: boolean;
  /** Every row, ordered by started_at (then id for stability). */
  rows: MigrationRow[];
  lockHolder: LockHolder | null;
  serverVersion: string;
  readAt: Date;
}

/**
 * The state vocabulary. One state per migration name:
 * - applied: finished, and the local file matches the applied row's checksum
 * - applied_manually: marked applied by `migrate resolve --applied` (no script ran)
 * - pending: present locally, never attempted
 * - failed: an unfinished, un-rolled-back attempt and nobody holds the migrate lock: P3009 blocks deploy
 * - in_progress: an unfinished attempt while a session holds the migrate lock (a deploy is running)
 * - rolled_back: every attempt rolled back, none applied since: the next deploy applies it again
 * - modified: applied, but the local migration.sql differs from what was applied (Prisma: "edited")
 * - edited_acknowledged: modified, and someone acknowledged this very edit (these two checksums) in Runway: Prisma
 *   still calls it modified, Runway no longer counts it as divergence (a new edit reads modified again)
 * - missing_locally: recorded in the database, no folder for it in the migrations source
 */
export const MIGRATION_STATES = [
  "applied",
  "applied_manually",
  "pending",
  "failed",
  "in_progress",
  "rolled_back",
  "modified",
  "edited_acknowledged",
  "missing_locally",
] as const;
export type MigrationState = (typeof MIGRATION_STATES)[number];

/** The states in which a migration has run (or was marked applied) in the database: what "applied" counts. */
export const APPLIED_STATES: ReadonlySet<string> = new Set<MigrationState>([
  "applied",
  "applied_manually",
  "modified",
  "edited_acknowledged",
]);

/** Someone's acknowledgement of an edit of an applied migration, as classification needs it. */
export interface EditAcknowledgement {
  id: string;
  byLabel: string;
  at: Date;
  reason: string | null;
}

/**
 * The edits acknowledged in one environment: the acknowledgement of `migrationName` edited from what ran
 * (`appliedChecksum`, the applied attempt's) to the file now (`fileChecksum`), if there is one.
 */
export interface AcknowledgedEdits {
  find(migrationName: string, appliedChecksum: string, fileChecksum: string): EditAcknowledgement | null;
}

export interface ClassifiedMigration {
  name: string;
  state: MigrationState;
  /** The local file, if the migrations source has this migration. */
  local: { checksum: string; sql: string } | null;
  /** The attempt that decides the state (the applied row, else the newest attempt). */
  current: MigrationRow | null;
  /** Every attempt, oldest first. */
  attempts: MigrationRow[];
  /** The local file's checksum differs from the applied attempt's (also set when state is missing_locally: false). */
  checksumMismatch: boolean;
  /** Whether the next deploy would apply this migration (pending or rolled_back). */
  willApplyOnDeploy: boolean;
  /** edited_acknowledged: who acknowledged this edit, when and why. */
  acknowledgement: EditAcknowledgement | null;
}

export type HistoryDivergence =
  | { kind: "none" }
  | { kind: "database_behind"; unapplied: string[] }
  | { kind: "folder_behind"; missingLocally: string[] }
  | { kind: "diverged"; lastCommon: string | null; unapplied: string[]; missingLocally: string[] };

export interface EnvironmentVerdict {
  /** true when `migrate deploy` would refuse with P3009 (an unfinished attempt exists, not running). */
  blocked: boolean;
  /** The P3009 text Prisma prints, when blocked. */
  blockedMessage: string | null;
  inProgress: boolean;
  pendingCount: number;
  counts: Record<MigrationState, number>;
  divergence: HistoryDivergence;
  /** One word for badges: the most urgent fact first. */
  health: "blocked" | "in_progress" | "diverged" | "pending" | "up_to_date" | "not_managed";
}

export interface ClassifiedHistory {
  migrations: ClassifiedMigration[];
  verdict: EnvironmentVerdict;
  /** Stable hash of everything a user could act on; actions refuse to run if it changed since it was shown. */
  fingerprint: string;
}
