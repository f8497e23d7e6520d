// Decides the state of every migration from the local folder and the database rows, as Prisma would,
// and better where Prisma falls short (see shared/design/prisma-migrate-semantics.md).
import crypto from "node:crypto";
import { checksumMatches } from "./checksum";
import type {
  AcknowledgedEdits,
  ClassifiedHistory,
  ClassifiedMigration,
  EditAcknowledgement,
  EnvironmentVerdict,
  HistoryDivergence,
  LocalMigration,
  MigrationHistory,
  MigrationRow,
  MigrationState,
} from "./types";
import { MIGRATION_STATES } from "./types";

const isUnfinished = (row: MigrationRow) => row.finishedAt === null && row.rolledBackAt === null;
const isApplied = (row: MigrationRow) => row.finishedAt !== null && row.rolledBackAt === null;

/** A row written by `migrate resolve --applied`: no script ran. */
export function isMarkedApplied(row: MigrationRow): boolean {
  return (
    isApplied(row) &&
    row.logs === "" &&
    row.appliedStepsCount === 0 &&
    row.finishedAt !== null &&
    row.finishedAt.getTime() === row.startedAt.getTime()
  );
}

function groupRowsByName(rows: MigrationRow[]): Map<string, MigrationRow[]> {
  const byName = new Map<string, MigrationRow[]>();
  for (const row of rows) {
    const list = byName.get(row.migrationName);
    // `[row]`, not `[]` then push: an array grown by push reserves room for 17 (most migrations have one attempt).
    if (list) list.push(row);
    else byName.set(row.migrationName, [row]);
  }
  return byName;
}

function classifyOne(
  name: string,
  local: LocalMigration | undefined,
  attempts: MigrationRow[],
  runningRowId: string | null,
  acknowledged: AcknowledgedEdits | undefined,
): ClassifiedMigration {
  // The newest unfinished and the newest applied attempt, in one pass (this runs for every migration of every environment).
  let lastUnfinished: MigrationRow | null = null;
  let applied: MigrationRow | null = null;
  for (const row of attempts) {
    if (isUnfinished(row)) lastUnfinished = row;
    else if (isApplied(row)) applied = row;
  }
  const localView = local ? { checksum: local.checksum, sql: local.sql } : null;
  // Compare against the row that counts (the applied one), not the first row of that name (prisma#9829).
  // The exact checksum is the common case; the CRLF/legacy variants need hashing, so only try them after.
  const checksumMismatch = Boolean(
    local && applied && applied.checksum !== local.checksum && !checksumMatches(applied.checksum, local.sql),
  );

  let state: MigrationState;
  let current: MigrationRow | null;
  let acknowledgement: EditAcknowledgement | null = null;
  if (lastUnfinished) {
    current = lastUnfinished;
    state = current.id === runningRowId ? "in_progress" : "failed";
  } else if (applied) {
    current = applied;
    if (!local) state = "missing_locally";
    else if (checksumMismatch) {
      // An edit someone acknowledged (these very checksums) is Runway's note on top of Prisma's "modified".
      acknowledgement = acknowledged?.find(name, applied.checksum, local.checksum) ?? null;
      state = acknowledgement ? "edited_acknowledged" : "modified";
    } else state = isMarkedApplied(applied) ? "applied_manually" : "applied";
  } else if (attempts.length > 0) {
    // Every attempt rolled back: Prisma's status forgets it (prisma#29601), but deploy applies it again.
    current = attempts.at(-1)!;
    state = "rolled_back";
  } else {
    current = null;
    state = "pending";
  }
  return {
    name,
    state,
    local: localView,
    current,
    attempts,
    checksumMismatch,
    willApplyOnDeploy: Boolean(local) && (state === "pending" || state === "rolled_back"),
    acknowledgement,
  };
}

/**
 * The unfinished row a running deploy is working on: only while a session holds the migrate lock and is busy
 * (a deploy sends each script as one query, so its session is `active`), and only the newest attempt (deploy
 * applies one migration at a time and stops at the first failure). An idle holder (someone's psql session, a
 * stuck tool) does not make a failed migration look like it is running. When the reader may not see the
 * holder's state (NULL without pg_read_all_stats), the lock alone decides, erring on "running".
 */
function findRunningRowId(history: MigrationHistory): string | null {
  const holder = history.lockHolder;
  if (!holder) return null;
  if (holder.state !== null && holder.state !== "active" && holder.state !== "idle in transaction") return null;
  const newest = history.rows.at(-1);
  return newest && isUnfinished(newest) ? newest.id : null;
}

function computeDivergence(migrations: ClassifiedMigration[]): HistoryDivergence {
  const unapplied: string[] = [];
  const missingLocally: string[] = [];
  // Index of the first migration in either list (migrations are unique by name, so this is what findIndex finds).
  let firstDifference = migrations.length;
  for (let i = 0; i < migrations.length; i++) {
    const m = migrations[i];
    if (m.willApplyOnDeploy) unapplied.push(m.name);
    if (m.state === "missing_locally") missingLocally.push(m.name);
    if (firstDifference === migrations.length && (m.willApplyOnDeploy || m.state === "missing_locally"))
      firstDifference = i;
  }
  if (unapplied.length === 0 && missingLocally.length === 0) return { kind: "none" };
  if (missingLocally.length === 0) return { kind: "database_behind", unapplied };
  if (unapplied.length === 0) return { kind: "folder_behind", missingLocally };
  const lastCommon =
    migrations
      .slice(0, firstDifference)
      .filter((m) => m.current && m.local)
      .at(-1)?.name ?? null;
  return { kind: "diverged", lastCommon, unapplied, missingLocally };
}

/** Prisma's own rendering of a timestamp in P3009 messages: `2026-01-15 10:00:00.123 UTC`. */
function formatPrismaTimestamp(date: Date): string {
  const iso = date.toISOString(); // 2026-01-15T10:00:00.123Z
  const millis = iso.slice(20, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${millis === "000" ? "" : `.${millis}`} UTC`;
}

export function formatBlockedMessage(failed: ClassifiedMigration[]): string {
  return [
    "migrate found failed migrations in the target database, new migrations will not be applied. " +
      "Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve",
    ...failed.map(
      (m) => `The \`${m.name}\` migration started at ${formatPrismaTimestamp(m.current!.startedAt)} failed`,
    ),
  ].join("\n");
}

function decideHealth(
  hasTable: boolean,
  counts: Record<MigrationState, number>,
  divergence: HistoryDivergence,
): EnvironmentVerdict["health"] {
  if (counts.failed > 0) return "blocked";
  if (counts.in_progress > 0) return "in_progress";
  if (counts.missing_locally > 0 || counts.modified > 0) return "diverged";
  if (!hasTable) return "not_managed";
  if (divergence.kind === "database_behind") return "pending";
  return "up_to_date";
}

function computeFingerprint(history: MigrationHistory, migrations: ClassifiedMigration[]): string {
  const material = {
    table: history.hasMigrationsTable,
    locked: history.lockHolder !== null,
    // An acknowledgement changes neither the database nor the source: a request made before it stays valid, and
    // a drift check made for this state stays current.
    migrations: migrations.map((m) => [
      m.name,
      m.state === "edited_acknowledged" ? "modified" : m.state,
      m.local?.checksum ?? null,
      m.attempts.map((a) => [a.id, a.checksum, a.finishedAt?.getTime() ?? null, a.rolledBackAt?.getTime() ?? null]),
    ]),
  };
  return crypto.createHash("sha256").update(JSON.stringify(material)).digest("hex").slice(0, 32);
}

/**
 * Classifies every migration known locally or to the database, in name order (Prisma's order). `acknowledged`:
 * the environment's acknowledged edits (Runway's own record), which read edited_acknowledged instead of modified.
 */
export function classifyMigrations(
  local: LocalMigration[],
  history: MigrationHistory,
  acknowledged?: AcknowledgedEdits,
): ClassifiedHistory {
  const localByName = new Map<string, LocalMigration>();
  for (const m of local) localByName.set(m.name, m);
  const rowsByName = groupRowsByName(history.rows);
  const names = sortedNames(local, localByName, rowsByName);
  const runningRowId = findRunningRowId(history);
  const migrations = names.map((name) =>
    classifyOne(name, localByName.get(name), rowsByName.get(name) ?? [], runningRowId, acknowledged),
  );

  const counts = Object.fromEntries(MIGRATION_STATES.map((s) => [s, 0])) as Record<MigrationState, number>;
  let pendingCount = 0;
  for (const m of migrations) {
    counts[m.state] += 1;
    if (m.willApplyOnDeploy) pendingCount += 1;
  }
  const divergence = computeDivergence(migrations);
  const failed = counts.failed > 0 ? migrations.filter((m) => m.state === "failed") : [];
  const verdict: EnvironmentVerdict = {
    blocked: failed.length > 0,
    blockedMessage: failed.length > 0 ? formatBlockedMessage(failed) : null,
    inProgress: counts.in_progress > 0,
    pendingCount,
    counts,
    divergence,
    health: decideHealth(history.hasMigrationsTable, counts, divergence),
  };
  return { migrations, verdict, fingerprint: computeFingerprint(history, migrations) };
}

/**
 * Every name known locally or to the database, sorted (`[...new Set([...local, ...rows])].sort()`). The local
 * migrations usually come in that order already and the database knows no others: then the sort is skipped.
 */
function sortedNames(
  local: LocalMigration[],
  localByName: Map<string, LocalMigration>,
  rowsByName: Map<string, MigrationRow[]>,
): string[] {
  let inOrder = localByName.size === local.length;
  for (let i = 1; inOrder && i < local.length; i++) inOrder = local[i - 1].name < local[i].name;
  if (inOrder) for (const name of rowsByName.keys()) if (!localByName.has(name)) inOrder = false;
  if (inOrder) return local.map((m) => m.name);
  return [...new Set([...localByName.keys(), ...rowsByName.keys()])].sort();
}
