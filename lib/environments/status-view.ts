// Turns the core's classification into the JSON the routes return.
import { isMarkedApplied } from "../migrations/classify";
import { MigrateError } from "../migrations/errors";
import type { MigrationStatus } from "../migrations/status";
import type { ClassifiedMigration, MigrationRow, MigrationState } from "../migrations/types";
import { MIGRATION_STATES } from "../migrations/types";
import type { AttemptView, EnvironmentStatusView, EnvironmentView, MigrationSourceView, MigrationView, StatusError } from "./views";

// `date.toISOString()` stays the call for anything that is not a Date, so such a value fails with the same error as ever.
const iso = (date: Date | null | undefined) => (date ? (date instanceof Date ? toIsoString(date) : (date as Date).toISOString()) : null);

const MS_PER_DAY = 86_400_000;
/** 10000-01-01T00:00:00.000Z: from there on toISOString writes six-digit years. */
const YEAR_10000 = 253_402_300_800_000;
const [ZERO, COLON, DOT, Z] = [48, 58, 46, 90];
/** The character codes of `YYYY-MM-DDT` for the last day formatted: the dates of one history fall on few days. */
let lastDay = Number.NaN;
let dayCodes: number[] = [];

/**
 * date.toISOString(), three to four times faster once the garbage it leaves is counted: an overview formats two
 * dates per migration per environment (40,000 for 20 × 1,000). The day part comes from toISOString itself (once per
 * day); the time of day is arithmetic, and the string is made in one piece (concatenating its parts left a chain of
 * intermediate strings behind each date, which cost more than V8's toISOString). Dates before 1970 or from 10000 on,
 * and invalid ones (which throw), go to toISOString.
 */
export function toIsoString(date: Date): string {
  const time = date.getTime();
  if (!(time >= 0 && time < YEAR_10000)) return date.toISOString();
  const day = Math.floor(time / MS_PER_DAY);
  if (day !== lastDay) {
    dayCodes = Array.from(date.toISOString().slice(0, 11), (c) => c.charCodeAt(0));
    lastDay = day;
  }
  let rest = time - day * MS_PER_DAY;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const d = dayCodes;
  // prettier-ignore
  return String.fromCharCode(
    d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10],
    ZERO + Math.floor(hours / 10), ZERO + (hours % 10), COLON,
    ZERO + Math.floor(minutes / 10), ZERO + (minutes % 10), COLON,
    ZERO + Math.floor(seconds / 10), ZERO + (seconds % 10), DOT,
    ZERO + Math.floor(millis / 100), ZERO + (Math.floor(millis / 10) % 10), ZERO + (millis % 10), Z,
  );
}

function toAttemptView(row: MigrationRow): AttemptView {
  return toAttemptViewWithDates(
    row,
    row.startedAt instanceof Date ? toIsoString(row.startedAt) : (row.startedAt as Date).toISOString(),
    iso(row.finishedAt),
    iso(row.rolledBackAt),
  );
}

function toAttemptViewWithDates(row: MigrationRow, startedAt: string, finishedAt: string | null, rolledBackAt: string | null): AttemptView {
  const end = row.finishedAt ?? row.rolledBackAt;
  return {
    id: row.id,
    checksum: row.checksum,
    startedAt,
    finishedAt,
    rolledBackAt,
    logs: row.logs,
    appliedStepsCount: row.appliedStepsCount,
    markedApplied: isMarkedApplied(row),
    durationMs: end ? end.getTime() - row.startedAt.getTime() : null,
  };
}

export function toMigrationView(m: ClassifiedMigration): MigrationView {
  const current = m.current;
  const startedAt = iso(current?.startedAt);
  const finishedAt = iso(current?.finishedAt);
  const rolledBackAt = iso(current?.rolledBackAt);
  // The current row is one of the attempts (the applied one, else the newest): its dates are formatted already.
  const attempts: AttemptView[] = [];
  for (const row of m.attempts) {
    attempts.push(row === current && startedAt !== null ? toAttemptViewWithDates(row, startedAt, finishedAt, rolledBackAt) : toAttemptView(row));
  }
  return {
    name: m.name,
    state: m.state,
    willApplyOnDeploy: m.willApplyOnDeploy,
    checksumMismatch: m.checksumMismatch,
    localChecksum: m.local?.checksum ?? null,
    appliedChecksum: current?.checksum ?? null,
    startedAt,
    finishedAt,
    rolledBackAt,
    logs: current?.logs ?? null,
    attempts,
  };
}

export function zeroCounts(): Record<MigrationState, number> {
  return Object.fromEntries(MIGRATION_STATES.map((s) => [s, 0])) as Record<MigrationState, number>;
}

export function toStatusError(error: unknown): StatusError {
  if (error instanceof MigrateError) return { code: error.code, title: error.title, message: error.message };
  return { code: "internal", title: "Unexpected error", message: error instanceof Error ? error.message : String(error) };
}

export function toStatusView(
  environment: EnvironmentView,
  source: MigrationSourceView,
  status: MigrationStatus,
  timing: { checkedAt: Date; durationMs: number },
): EnvironmentStatusView {
  const holder = status.history.lockHolder;
  return {
    environment,
    source,
    reachable: true,
    error: null,
    checkedAt: timing.checkedAt.toISOString(),
    durationMs: timing.durationMs,
    serverVersion: status.history.serverVersion,
    hasMigrationsTable: status.history.hasMigrationsTable,
    health: status.verdict.health,
    blocked: status.verdict.blocked,
    blockedMessage: status.verdict.blockedMessage,
    inProgress: status.verdict.inProgress,
    lockHolder: holder
      ? { pid: holder.pid, applicationName: holder.applicationName, since: iso(holder.since), state: holder.state }
      : null,
    latestApplied: latestApplied(status),
    pendingCount: status.verdict.pendingCount,
    counts: status.verdict.counts,
    divergence: status.verdict.divergence,
    fingerprint: status.fingerprint,
    migrations: status.migrations.map(toMigrationView),
  };
}

/** The applied (or marked applied) migration with the latest finish. */
function latestApplied(status: MigrationStatus): EnvironmentStatusView["latestApplied"] {
  let best: { name: string; at: Date | null } | null = null;
  for (const m of status.migrations) {
    if (m.state !== "applied" && m.state !== "applied_manually" && m.state !== "modified") continue;
    const at = m.current?.finishedAt ?? null;
    if (!best || (at && (!best.at || at > best.at))) best = { name: m.name, at };
  }
  return best && { name: best.name, finishedAt: iso(best.at) };
}

export function toUnreachableView(
  environment: EnvironmentView,
  source: MigrationSourceView,
  error: unknown,
  timing: { checkedAt: Date; durationMs: number },
): EnvironmentStatusView {
  return {
    environment,
    source,
    reachable: false,
    error: toStatusError(error),
    checkedAt: timing.checkedAt.toISOString(),
    durationMs: timing.durationMs,
    serverVersion: null,
    hasMigrationsTable: false,
    health: "unreachable",
    blocked: false,
    blockedMessage: null,
    inProgress: false,
    lockHolder: null,
    latestApplied: null,
    pendingCount: 0,
    counts: zeroCounts(),
    divergence: null,
    fingerprint: null,
    migrations: [],
  };
}
