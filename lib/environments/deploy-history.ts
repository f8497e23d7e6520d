// An environment's history as deploys: the attempts of `_prisma_migrations` grouped by the run that wrote them,
// newest first, paged by a keyset cursor.
//
// Prisma writes no deploy id. What the rows do tell: `migrate deploy` applies the pending migrations one after the
// other in name order, each row's started_at and finished_at set by the database's clock, so within one run each
// attempt starts within milliseconds of the previous one's end (one round trip); a failed attempt (no finished_at)
// ends its run; `migrate resolve --applied` writes a row of its own (started = finished, nothing ran).
// The rule, in order:
// 1. Runway's own actions know exactly what they ran: the migrations named in a deploy action's log, matched to
//    the attempts of those names nearest to the action's time, are one deploy (with who asked and who approved);
//    a resolve --applied action claims its row.
// 2. Every other attempt continues the deploy of the attempt just before it when that one finished (not failed,
//    not a resolve row), its name sorts after it, and it started at most DEPLOY_RUN_GAP_MS after that one's end;
//    otherwise it starts a new deploy. Two separate runs within a second of each other are read as one: no person
//    or CI pipeline starts `prisma migrate deploy` that quickly (the CLI alone takes longer to start), and a remote
//    database's round trip inside one run stays well under it.
import { HISTORY_PAGE_SIZE, MAX_HISTORY_PAGE } from "../api/schemas";
import type { MigrationState } from "../migrations/types";
import { decideAttemptState, isDecidingAttempt } from "./attempt-state";
import type {
  AttemptView,
  DeployAttemptView,
  DeployView,
  HistoryPageView,
  HistorySummaryView,
  MigrationView,
} from "./views";

/** Two attempts further apart than this (previous end → next start, on the database's clock) are two deploys. */
export const DEPLOY_RUN_GAP_MS = 1_000;

/** How far Runway's clock (its action log) and the database's clock (the rows) may disagree when matching them. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** What Runway knows of an action it ran on the environment (lib/environments/runway-runs.ts reads it). */
export interface RunwayRun {
  actionId: string;
  kind: "deploy" | "resolve_applied";
  requestedBy: string;
  approvedBy: string | null;
  startedAt: Date;
  /** When its log ended (its last line, else the action's end): for a failed deploy, when the failure was seen. */
  endedAt: Date | null;
  /** The migrations it touched and when it started each (its "Applying `X`" log line); resolve: its migration. */
  migrations: Map<string, Date>;
}

/** An attempt that ended without finishing: failed, whether or not someone resolved it since. */
const isFailure = (state: MigrationState) => state === "failed" || state === "rolled_back";

interface Entry {
  migration: MigrationView;
  attempt: AttemptView;
  state: MigrationState;
  isCurrent: boolean;
  at: number;
}

/** Every attempt of every migration, oldest first (ties: by name, the order a deploy applies them in). */
function listEntries(migrations: MigrationView[]): Entry[] {
  const entries = migrations.flatMap((migration) =>
    migration.attempts.map((attempt) => {
      const isCurrent = isDecidingAttempt(migration, attempt);
      return {
        migration,
        attempt,
        isCurrent,
        state: decideAttemptState(migration, attempt, isCurrent),
        at: Date.parse(attempt.startedAt),
      };
    }),
  );
  return entries.sort((a, b) => a.at - b.at || (a.migration.name < b.migration.name ? -1 : 1));
}

/** The attempts each Runway action wrote: by name, the attempt nearest to when the action started that migration. */
function claimRunwayAttempts(entries: Entry[], runs: RunwayRun[]): Map<Entry, RunwayRun> {
  const byName = new Map<string, Entry[]>();
  for (const entry of entries) {
    const list = byName.get(entry.migration.name) ?? [];
    list.push(entry);
    byName.set(entry.migration.name, list);
  }
  const claimed = new Map<Entry, RunwayRun>();
  for (const run of runs) {
    for (const [name, startedAt] of run.migrations) {
      let best: Entry | null = null;
      for (const entry of byName.get(name) ?? []) {
        if (claimed.has(entry)) continue;
        // resolve --applied writes a marked row; a deploy never does.
        if (entry.attempt.markedApplied !== (run.kind === "resolve_applied")) continue;
        const distance = Math.abs(entry.at - startedAt.getTime());
        if (distance <= CLOCK_SKEW_MS && (!best || distance < Math.abs(best.at - startedAt.getTime()))) best = entry;
      }
      if (best) claimed.set(best, run);
    }
  }
  return claimed;
}

/** Whether `next` continues the run that wrote `previous` (rule 2 above). */
function continuesRun(previous: Entry, next: Entry): boolean {
  if (!previous.attempt.finishedAt || previous.attempt.markedApplied || next.attempt.markedApplied) return false;
  if (next.migration.name <= previous.migration.name) return false;
  const gap = next.at - Date.parse(previous.attempt.finishedAt);
  return gap >= 0 && gap <= DEPLOY_RUN_GAP_MS;
}

/** Deploys, oldest first; each holds its attempts in the order they ran. */
function groupEntries(entries: Entry[], runs: RunwayRun[]): Array<{ entries: Entry[]; run: RunwayRun | null }> {
  const claimed = claimRunwayAttempts(entries, runs);
  const groups: Array<{ entries: Entry[]; run: RunwayRun | null }> = [];
  const byRun = new Map<RunwayRun, { entries: Entry[]; run: RunwayRun | null }>();
  let open: { entries: Entry[]; run: RunwayRun | null } | null = null;
  for (const entry of entries) {
    const run = claimed.get(entry);
    if (run) {
      let group = byRun.get(run);
      if (!group) {
        group = { entries: [], run };
        byRun.set(run, group);
        groups.push(group);
      }
      group.entries.push(entry);
      open = null;
      continue;
    }
    if (open && continuesRun(open.entries.at(-1)!, entry)) {
      open.entries.push(entry);
      continue;
    }
    open = { entries: [entry], run: null };
    groups.push(open);
  }
  return groups;
}

function toDeployAttempt(entry: Entry, run: RunwayRun | null): DeployAttemptView {
  const { attempt } = entry;
  let durationMs = attempt.durationMs;
  let durationSource: DeployAttemptView["durationSource"] = durationMs === null ? null : "prisma";
  // A failed row has no end in Prisma's table; when Runway ran it, its log says when the failure came back.
  const startedByRunway = run?.kind === "deploy" ? run.migrations.get(entry.migration.name) : undefined;
  if (durationMs === null && isFailure(entry.state) && startedByRunway && run?.endedAt) {
    durationMs = Math.max(0, run.endedAt.getTime() - startedByRunway.getTime());
    durationSource = "runway_log";
  }
  return {
    id: attempt.id,
    migrationName: entry.migration.name,
    state: entry.state,
    isCurrent: entry.isCurrent,
    startedAt: attempt.startedAt,
    finishedAt: attempt.finishedAt,
    rolledBackAt: attempt.rolledBackAt,
    markedApplied: attempt.markedApplied,
    durationMs,
    durationSource,
    // The stored error, where there is one: what a reader of the history needs without opening the migration.
    logs: isFailure(entry.state) ? attempt.logs : null,
  };
}

function toDeployView(group: { entries: Entry[]; run: RunwayRun | null }): DeployView {
  const { entries, run } = group;
  const attempts = entries.map((entry) => toDeployAttempt(entry, run));
  const first = attempts[0];
  const last = attempts.at(-1)!;
  const failed = attempts.find((a) => isFailure(a.state)) ?? null;
  const kind = first.markedApplied ? "resolve_applied" : "deploy";
  const outcome: DeployView["outcome"] =
    kind === "resolve_applied"
      ? "marked_applied"
      : last.state === "in_progress"
        ? "in_progress"
        : failed
          ? "failed"
          : "applied";
  let durationMs: number | null = null;
  let durationSource: DeployView["durationSource"] = null;
  if (outcome === "applied" && last.finishedAt) {
    durationMs = Date.parse(last.finishedAt) - Date.parse(first.startedAt);
    durationSource = "prisma";
  } else if (outcome === "failed" && run?.endedAt && failed?.durationSource === "runway_log") {
    // From the first migration it started to the failure it saw, on Runway's own clock.
    const firstStarted = Math.min(...[...run.migrations.values()].map((d) => d.getTime()));
    durationMs = Math.max(0, run.endedAt.getTime() - firstStarted);
    durationSource = "runway_log";
  }
  return {
    id: first.id,
    kind,
    outcome,
    startedAt: first.startedAt,
    finishedAt: outcome === "applied" || outcome === "marked_applied" ? last.finishedAt : null,
    durationMs,
    durationSource,
    attemptCount: attempts.length,
    failedMigration: failed?.migrationName ?? null,
    resolvedAt: failed?.rolledBackAt ?? null,
    runway: run ? { actionId: run.actionId, requestedBy: run.requestedBy, approvedBy: run.approvedBy } : null,
    attempts,
  };
}

/** Every deploy of the history, newest first. */
export function listDeploys(migrations: MigrationView[], runs: RunwayRun[] = []): DeployView[] {
  return groupEntries(listEntries(migrations), runs).map(toDeployView).sort(compareNewestFirst);
}

/** The deploy's place in newest-first order: its first attempt's start, then its id. */
function compareNewestFirst(a: { startedAt: string; id: string }, b: { startedAt: string; id: string }): number {
  return Date.parse(b.startedAt) - Date.parse(a.startedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function encodeHistoryCursor(deploy: Pick<DeployView, "startedAt" | "id">): string {
  return Buffer.from(JSON.stringify([deploy.startedAt, deploy.id])).toString("base64url");
}

/** The position a cursor names, or null when it is not one of ours. */
export function decodeHistoryCursor(cursor: string): { startedAt: string; id: string } | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [startedAt, id] = value;
    if (typeof startedAt !== "string" || typeof id !== "string" || Number.isNaN(Date.parse(startedAt))) return null;
    return { startedAt, id };
  } catch {
    return null;
  }
}

/** Counts over the whole history, whatever the page or filter. */
export function summarizeHistory(deploys: DeployView[]): HistorySummaryView {
  return {
    deploys: deploys.length,
    attempts: deploys.reduce((sum, d) => sum + d.attemptCount, 0),
    failedDeploys: deploys.filter((d) => d.outcome === "failed").length,
  };
}

/**
 * One page, newest first, after `before` (a cursor from the previous page: pages never shift when new deploys
 * arrive). `failuresOnly` keeps the deploys in which an attempt failed (resolved since or not).
 */
export function pageHistory(
  deploys: DeployView[],
  options: { before?: { startedAt: string; id: string } | null; limit?: number; failuresOnly?: boolean },
): Pick<HistoryPageView, "deploys" | "nextBefore"> {
  const limit = Math.min(Math.max(1, options.limit ?? HISTORY_PAGE_SIZE), MAX_HISTORY_PAGE);
  const before = options.before ?? null;
  const matching = deploys.filter(
    (d) => (!options.failuresOnly || d.outcome === "failed") && (!before || compareNewestFirst(before, d) < 0),
  );
  const page = matching.slice(0, limit);
  return { deploys: page, nextBefore: matching.length > limit ? encodeHistoryCursor(page.at(-1)!) : null };
}
