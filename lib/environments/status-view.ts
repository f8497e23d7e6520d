// Turns the core's classification into the JSON the routes return.
import { isMarkedApplied } from "../migrations/classify";
import { MigrateError } from "../migrations/errors";
import { compareWithFailedAttempt } from "../migrations/since-failure";
import { UndecryptableEnvironmentError } from "./errors";
import type { MigrationStatus } from "../migrations/status";
import type { ClassifiedMigration, MigrationRow, MigrationState } from "../migrations/types";
import { APPLIED_STATES, MIGRATION_STATES } from "../migrations/types";
import type {
  AttemptView,
  EnvironmentStatusView,
  EnvironmentView,
  MigrationSourceView,
  MigrationView,
  StatusError,
} from "./views";

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

function toAttemptView(row: MigrationRow): AttemptView {
  // What ran: a finished script's run. A failed row has no end (rolled_back_at is when someone resolved it, not
  // when the script stopped), and a row marked applied ran nothing.
  const ran = row.finishedAt && !isMarkedApplied(row) ? row.finishedAt.getTime() - row.startedAt.getTime() : null;
  return {
    id: row.id,
    checksum: row.checksum,
    startedAt: row.startedAt.toISOString(),
    finishedAt: iso(row.finishedAt),
    rolledBackAt: iso(row.rolledBackAt),
    logs: row.logs,
    appliedStepsCount: row.appliedStepsCount,
    markedApplied: isMarkedApplied(row),
    durationMs: ran,
  };
}

export function toMigrationView(m: ClassifiedMigration): MigrationView {
  const current = m.current;
  return {
    name: m.name,
    state: m.state,
    willApplyOnDeploy: m.willApplyOnDeploy,
    checksumMismatch: m.checksumMismatch,
    localChecksum: m.local?.checksum ?? null,
    appliedChecksum: current?.checksum ?? null,
    startedAt: iso(current?.startedAt),
    finishedAt: iso(current?.finishedAt),
    rolledBackAt: iso(current?.rolledBackAt),
    logs: current?.logs ?? null,
    attempts: m.attempts.map(toAttemptView),
    sinceFailure: compareWithFailedAttempt(m),
    acknowledgement: m.acknowledgement
      ? {
          id: m.acknowledgement.id,
          byLabel: m.acknowledgement.byLabel,
          at: m.acknowledgement.at.toISOString(),
          reason: m.acknowledgement.reason,
        }
      : null,
  };
}

/** Migrations that need someone's attention: everything but the plainly applied ones (the environment page's list). */
export function listOpenMigrations(migrations: MigrationView[]): MigrationView[] {
  return migrations.filter((m) => m.state !== "applied" && m.state !== "applied_manually");
}

export function zeroCounts(): Record<MigrationState, number> {
  return Object.fromEntries(MIGRATION_STATES.map((s) => [s, 0])) as Record<MigrationState, number>;
}

export function toStatusError(error: unknown): StatusError {
  if (error instanceof MigrateError) return { code: error.code, title: error.title, message: error.message };
  if (error instanceof UndecryptableEnvironmentError)
    return { code: error.code, title: "Cannot decrypt its URL (integrity check failed)", message: error.message };
  return {
    code: "internal",
    title: "Unexpected error",
    message: error instanceof Error ? error.message : String(error),
  };
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
    drift: null,
    release: null,
    migrations: status.migrations.map(toMigrationView),
  };
}

/** The applied (or marked applied) migration with the latest finish. */
function latestApplied(status: MigrationStatus): EnvironmentStatusView["latestApplied"] {
  let best: { name: string; at: Date | null } | null = null;
  for (const m of status.migrations) {
    if (!APPLIED_STATES.has(m.state)) continue;
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
    drift: null,
    release: null,
    migrations: [],
  };
}
