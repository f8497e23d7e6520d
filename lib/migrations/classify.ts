// Decides the state of every migration from the local folder and the database rows, as Prisma would,
// and better where Prisma falls short (see shared/design/prisma-migrate-semantics.md).
import crypto from "node:crypto";
import { checksumMatches } from "./checksum";
import type {
  ClassifiedHistory,
  ClassifiedMigration,
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
    const list = byName.get(row.migrationName) ?? [];
    list.push(row);
    byName.set(row.migrationName, list);
  }
  return byName;
}

function classifyOne(
  name: string,
  local: LocalMigration | undefined,
  attempts: MigrationRow[],
  runningRowId: string | null,
): ClassifiedMigration {
  const unfinished = attempts.filter(isUnfinished);
  const applied = attempts.filter(isApplied).at(-1) ?? null;
  const localView = local ? { checksum: local.checksum, sql: local.sql } : null;
  // Compare against the row that counts (the applied one), not the first row of that name (prisma#9829).
  // The exact checksum is the common case; the CRLF/legacy variants need hashing, so only try them after.
  const checksumMismatch = Boolean(
    local && applied && applied.checksum !== local.checksum && !checksumMatches(applied.checksum, local.sql),
  );

  let state: MigrationState;
  let current: MigrationRow | null;
  if (unfinished.length > 0) {
    current = unfinished.at(-1)!;
    state = current.id === runningRowId ? "in_progress" : "failed";
  } else if (applied) {
    current = applied;
    if (!local) state = "missing_locally";
    else if (checksumMismatch) state = "modified";
    else state = isMarkedApplied(applied) ? "applied_manually" : "applied";
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
  const unapplied = migrations.filter((m) => m.willApplyOnDeploy).map((m) => m.name);
  const missingLocally = migrations.filter((m) => m.state === "missing_locally").map((m) => m.name);
  if (unapplied.length === 0 && missingLocally.length === 0) return { kind: "none" };
  if (missingLocally.length === 0) return { kind: "database_behind", unapplied };
  if (unapplied.length === 0) return { kind: "folder_behind", missingLocally };
  const firstDifference = Math.min(
    ...[...unapplied, ...missingLocally].map((name) => migrations.findIndex((m) => m.name === name)),
  );
  const lastCommon = migrations.slice(0, firstDifference).filter((m) => m.current && m.local).at(-1)?.name ?? null;
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
    ...failed.map((m) => `The \`${m.name}\` migration started at ${formatPrismaTimestamp(m.current!.startedAt)} failed`),
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
    migrations: migrations.map((m) => [
      m.name,
      m.state,
      m.local?.checksum ?? null,
      m.attempts.map((a) => [a.id, a.checksum, a.finishedAt?.getTime() ?? null, a.rolledBackAt?.getTime() ?? null]),
    ]),
  };
  return crypto.createHash("sha256").update(JSON.stringify(material)).digest("hex").slice(0, 32);
}

/** Classifies every migration known locally or to the database, in name order (Prisma's order). */
export function classifyMigrations(local: LocalMigration[], history: MigrationHistory): ClassifiedHistory {
  const localByName = new Map(local.map((m) => [m.name, m]));
  const rowsByName = groupRowsByName(history.rows);
  const names = [...new Set([...localByName.keys(), ...rowsByName.keys()])].sort();
  const runningRowId = findRunningRowId(history);
  const migrations = names.map((name) => classifyOne(name, localByName.get(name), rowsByName.get(name) ?? [], runningRowId));

  const counts = Object.fromEntries(MIGRATION_STATES.map((s) => [s, 0])) as Record<MigrationState, number>;
  for (const m of migrations) counts[m.state] += 1;
  const divergence = computeDivergence(migrations);
  const failed = migrations.filter((m) => m.state === "failed");
  const verdict: EnvironmentVerdict = {
    blocked: failed.length > 0,
    blockedMessage: failed.length > 0 ? formatBlockedMessage(failed) : null,
    inProgress: counts.in_progress > 0,
    pendingCount: migrations.filter((m) => m.willApplyOnDeploy).length,
    counts,
    divergence,
    health: decideHealth(history.hasMigrationsTable, counts, divergence),
  };
  return { migrations, verdict, fingerprint: computeFingerprint(history, migrations) };
}
