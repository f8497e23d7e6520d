// Environment status and the cross-environment overview, read in parallel and cached briefly.
import { classifyMigrations } from "../migrations/classify";
import { readMigrationHistory } from "../migrations/history";
import { validateMigrationName } from "../migrations/folder";
import type { MigrationHistory } from "../migrations/types";
import { RegistryError, UndecryptableEnvironmentError } from "./errors";
import {
  getEnvironmentTarget,
  getEnvironmentTargets,
  listEnvironments,
  type EnvironmentTarget,
  type RegistryContext,
} from "./registry";
import { SharedCache } from "./shared-cache";
import { loadAcknowledgedEdits, type AcknowledgedEditSet } from "./acknowledged-edits";
import { locateRelease } from "../releases/list-releases";
import { loadMigrationsSource, type LoadedSource } from "./sources";
import { toDriftSummary, type StoredDriftSummary } from "../schema/drift-summary";
import { toStatusView, toUnreachableView, toMigrationView } from "./status-view";
import { buildMatrix } from "./overview-matrix";
import { decodeHistoryCursor, listDeploys, pageHistory, summarizeHistory } from "./deploy-history";
import { readRunwayRuns } from "./runway-runs";
import type {
  DivergenceSummaryView,
  EnvironmentStatusView,
  EnvironmentSummaryView,
  EnvironmentView,
  HistoryDivergence,
  HistoryPageView,
  MigrationSourceView,
  MigrationDetailView,
  OverviewView,
  ProjectOverviewView,
} from "./views";

export interface StatusService {
  getEnvironmentStatus(id: string, options?: { fresh?: boolean }): Promise<EnvironmentStatusView>;
  /** Reads the environment's database again now (the monitor), sharing the migrations source while it is cached. */
  refreshStatus(id: string): Promise<EnvironmentStatusView>;
  getMigrationDetail(id: string, name: string): Promise<MigrationDetailView>;
  /** One page of the environment's history as deploys (lib/environments/deploy-history.ts), newest first. */
  getHistory(id: string, query: { before?: string; limit?: number; failuresOnly?: boolean }): Promise<HistoryPageView>;
  /** The views returned are shared between callers until the next refresh: serialise them, do not mutate them. */
  getOverview(): Promise<OverviewView>;
  /**
   * Drops cached statuses (one environment's, or all), with the environment list and migrations source they used.
   * `forget`: the environment itself changed (renamed, another URL): its last known state is not shown meanwhile.
   */
  invalidate(id?: string, options?: { forget?: boolean }): void;
  /** How many times each environment's database was actually read (for benchmarks and tests). */
  readCounts: Map<string, number>;
}

/**
 * Everything is cached for `ttlMs` and shared by concurrent callers (see SharedCache):
 * - each environment's status (one database read per environment per interval, however many viewers poll);
 * - each project's migrations source, read once per interval for all its environments rather than once per
 *   environment (a 1,000-migration folder is 1,000 files to read and hash);
 * - the environment list, and the assembled overview, rebuilt only when one of the statuses it shows changed.
 * `invalidate()` drops all of it (routes call it after creating an environment or uploading a bundle);
 * `invalidate(id)` drops that environment's status, the environment list and the source that status was read with.
 */
export function createStatusService(
  ctx: RegistryContext,
  options: { ttlMs: number; overviewBudgetMs?: number },
): StatusService {
  const cache = new SharedCache<EnvironmentStatusView>(options.ttlMs);
  const sources = new SharedCache<LoadedSource>(options.ttlMs);
  const environmentList = new SharedCache<EnvironmentView[]>(options.ttlMs);
  /** Each git source's last examined commit, as the cached source was read with it. */
  const gitHeads = new Map<string, string | null>();
  /** The source key each environment was last read with, so that invalidate(id) can drop it. */
  const sourceKeyOf = new Map<string, string>();
  /** The overview last assembled and the (cached, immutable) statuses it was assembled from. */
  let assembled: { statuses: EnvironmentStatusView[]; projects: ProjectOverviewView[] } | null = null;
  /** Each source key's last load: a reload with the same content returns this very object (see `lastRead`). */
  const lastSources = new Map<string, LoadedSource>();
  /** Each environment's last successful read: when the next one finds the same rows, its classification is reused. */
  const lastRead = new Map<
    string,
    { source: LoadedSource; history: MigrationHistory; acknowledged: string; status: EnvironmentStatusView }
  >();
  const readCounts = new Map<string, number>();
  /** Each environment's last completed read, and its copy marked `refreshing` (one object, so the overview is reused). */
  const lastKnown = new Map<string, { status: EnvironmentStatusView; refreshing: EnvironmentStatusView | null }>();
  const loadTarget = batchTargetLoads(ctx);
  const loadDrift = batchDriftLoads(ctx);
  const loadAcknowledged = batchLoads((ids) => loadAcknowledgedEdits(ctx.prisma, ids));
  /** Each environment's status with its drift merged in, reused while neither changed (the overview compares identities). */
  const withDrift = new Map<
    string,
    { base: EnvironmentStatusView; row: DriftRow | null; merged: EnvironmentStatusView }
  >();

  function mergeDrift(id: string, base: EnvironmentStatusView, row: DriftRow | null): EnvironmentStatusView {
    const previous = withDrift.get(id);
    if (previous && previous.base === base && sameDriftRow(previous.row, row)) return previous.merged;
    const drift = base.reachable ? toDriftSummary(row, base.fingerprint) : null;
    const drifted = drift?.current === true && drift.status === "done" && drift.drifted === true;
    const merged = {
      ...base,
      drift,
      health:
        drifted && (base.health === "up_to_date" || base.health === "pending") ? ("drifted" as const) : base.health,
    };
    withDrift.set(id, { base, row, merged });
    return merged;
  }

  function loadSource(project: EnvironmentTarget["project"]): Promise<LoadedSource> {
    const key = sourceKey(project);
    // A git source's newest release changes with its last examined commit (a fetch by any process): the cached
    // source is dropped when the commit the target was read with differs (the key stays one per project).
    if ((gitHeads.get(key) ?? null) !== project.gitHead) {
      gitHeads.set(key, project.gitHead);
      sources.invalidate(key);
    }
    return sources.get(key, async () => {
      const loaded = await loadMigrationsSource(ctx, project);
      const previous = lastSources.get(key);
      if (previous && sameSource(previous, loaded)) return previous;
      lastSources.set(key, loaded);
      return loaded;
    });
  }

  /** Classification is a pure function of the source and the history: unchanged inputs, unchanged result. */
  function classify(
    id: string,
    target: EnvironmentTarget,
    source: LoadedSource,
    history: MigrationHistory,
    acknowledged: AcknowledgedEditSet,
    timing: Timing,
  ) {
    const previous = lastRead.get(id);
    let status: EnvironmentStatusView;
    if (
      previous &&
      previous.source === source &&
      previous.acknowledged === acknowledged.key &&
      sameHistory(previous.history, history)
    ) {
      status = {
        ...previous.status,
        environment: target.environment,
        checkedAt: timing.checkedAt.toISOString(),
        durationMs: timing.durationMs,
      };
    } else {
      const classified = classifyMigrations(source.folder?.migrations ?? [], history, acknowledged);
      status = toStatusView(target.environment, source.view, { ...classified, history }, timing);
      status.release = locateRelease(source.releases, status.migrations);
    }
    lastRead.set(id, { source, history, acknowledged: acknowledged.key, status });
    return status;
  }

  async function readStatus(id: string): Promise<EnvironmentStatusView> {
    let target: EnvironmentTarget;
    try {
      target = await loadTarget(id);
    } catch (error) {
      if (!(error instanceof UndecryptableEnvironmentError)) throw error;
      // Shown as this environment's error; the overview and the other environments carry on.
      const source = await loadSource(error.project);
      return toUnreachableView(error.environment, source.view, error, { checkedAt: new Date(), durationMs: 0 });
    }
    sourceKeyOf.set(id, sourceKey(target.project));
    const checkedAt = new Date();
    const started = performance.now();
    readCounts.set(id, (readCounts.get(id) ?? 0) + 1);
    // The database read and the migrations source load run side by side: neither needs the other until classification.
    const reading = readMigrationHistory(target.url, {
      connectTimeoutMs: target.environment.connectTimeoutMs,
      statementTimeoutMs: target.environment.statementTimeoutMs,
    }).then(
      (history) => ({ history, durationMs: Math.round(performance.now() - started) }),
      (error: unknown) => ({ error, durationMs: Math.round(performance.now() - started) }),
    );
    // The stored drift check (lib/schema/drift-service.ts) is read, never waited for.
    const drift = loadDrift(id).catch(() => null);
    const acknowledging = loadAcknowledged(id);
    const [source, read, acknowledged] = await Promise.all([loadSource(target.project), reading, acknowledging]);
    const timing = { checkedAt, durationMs: read.durationMs };
    if ("error" in read) return toUnreachableView(target.environment, source.view, read.error, timing);
    let status: EnvironmentStatusView;
    try {
      status = classify(id, target, source, read.history, acknowledged, timing);
    } catch (error) {
      return toUnreachableView(target.environment, source.view, error, timing);
    }
    return mergeDrift(id, status, await drift);
  }

  function invalidate(id?: string, opts: { forget?: boolean } = {}): void {
    assembled = null;
    environmentList.invalidate();
    if (opts.forget) {
      for (const map of [lastKnown, lastRead, withDrift]) {
        if (id === undefined) map.clear();
        else map.delete(id);
      }
    }
    if (id === undefined) {
      cache.invalidate();
      sources.invalidate();
      sourceKeyOf.clear();
      lastSources.clear();
      lastRead.clear();
      return;
    }
    cache.invalidate(id);
    const key = sourceKeyOf.get(id);
    if (key !== undefined) sources.invalidate(key);
  }

  const getEnvironmentStatus = (id: string, opts: { fresh?: boolean } = {}) => {
    if (opts.fresh) invalidate(id);
    return cache.get(id, () =>
      readStatus(id).then((status) => {
        lastKnown.set(id, { status, refreshing: null });
        return status;
      }),
    );
  };

  /**
   * The overview never waits for a slow database beyond the budget: a read still running after it (or already
   * running before this request) is answered with the last known state, marked refreshing; the read goes on and
   * the next request shows its result. An environment never read yet shows as not answering yet.
   */
  async function getStatusWithinBudget(env: EnvironmentView): Promise<EnvironmentStatusView> {
    const budgetMs = options.overviewBudgetMs;
    const wasReading = cache.isPending(env.id);
    const reading = getEnvironmentStatus(env.id);
    if (budgetMs === undefined) return reading;
    const known = lastKnown.get(env.id);
    // Being read (by someone else, or by us and known to answer slower than the budget): waiting would only add latency.
    if (known && cache.isPending(env.id) && (wasReading || known.status.durationMs >= budgetMs))
      return markRefreshing(known);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), budgetMs)));
    try {
      const first = await Promise.race([reading, late]);
      if (first) return first;
    } finally {
      clearTimeout(timer);
    }
    reading.catch(() => {});
    const knownNow = lastKnown.get(env.id);
    if (knownNow) return markRefreshing(knownNow);
    // Kept as the last known state until the read answers, so only this request waited for it.
    const placeholder = notAnsweredYet(env, budgetMs);
    lastKnown.set(env.id, { status: placeholder, refreshing: placeholder });
    return placeholder;
  }

  async function getMigrationDetail(id: string, name: string): Promise<MigrationDetailView> {
    const problem = validateMigrationName(name);
    if (problem) throw new RegistryError("invalid", "invalid_migration_name", problem);
    const status = await getEnvironmentStatus(id);
    const target = await getEnvironmentTarget(ctx, id);
    const source = await loadSource(target.project);
    const migration = status.migrations.find((m) => m.name === name);
    const local = source.folder?.migrations.find((m) => m.name === name) ?? null;
    if (!migration && !local)
      throw new RegistryError(
        "not_found",
        "migration_not_found",
        `No migration named ${name} in ${status.environment.name}.`,
      );
    const view =
      migration ??
      toMigrationView({
        name,
        state: "pending",
        local,
        current: null,
        attempts: [],
        checksumMismatch: false,
        willApplyOnDeploy: true,
        acknowledgement: null,
      });
    // Each attempt with the deploy that wrote it, and a failed one's duration from Runway's log when Runway ran it.
    const deploys = listDeploys(status.migrations, await readRunwayRuns(ctx.prisma, id));
    const byAttempt = new Map(
      deploys.flatMap((d) => d.attempts.map((a) => [a.id, { deploy: d, attempt: a }] as const)),
    );
    const attempts = view.attempts.map((attempt) => {
      const found = byAttempt.get(attempt.id);
      if (!found) return attempt;
      const { deploy, attempt: inDeploy } = found;
      return {
        ...attempt,
        durationMs: inDeploy.durationMs,
        durationSource: inDeploy.durationSource,
        deploy: { id: deploy.id, attemptCount: deploy.attemptCount, runway: deploy.runway },
      };
    });
    return { ...view, attempts, sql: local?.sql ?? null, environment: status.environment };
  }

  async function getHistory(
    id: string,
    query: { before?: string; limit?: number; failuresOnly?: boolean },
  ): Promise<HistoryPageView> {
    const before = query.before ? decodeHistoryCursor(query.before) : null;
    if (query.before && !before)
      throw new RegistryError(
        "invalid",
        "invalid_cursor",
        "`before` is not a cursor this history gave out (nextBefore).",
      );
    const status = await getEnvironmentStatus(id);
    const deploys = listDeploys(status.migrations, await readRunwayRuns(ctx.prisma, id));
    return {
      environmentId: status.environment.id,
      ...pageHistory(deploys, { before, limit: query.limit, failuresOnly: query.failuresOnly }),
      summary: summarizeHistory(deploys),
    };
  }

  async function readAllStatuses(): Promise<EnvironmentStatusView[]> {
    const environments = await environmentList.get("all", () => listEnvironments(ctx));
    return Promise.all(environments.map((env) => getStatusWithinBudget(env)));
  }

  async function getOverview(): Promise<OverviewView> {
    let statuses: EnvironmentStatusView[];
    try {
      statuses = await readAllStatuses();
    } catch (error) {
      // The cached list may name an environment removed since: list again once.
      if (!(error instanceof RegistryError && error.code === "environment_not_found")) throw error;
      environmentList.invalidate();
      statuses = await readAllStatuses();
    }
    // Statuses are cached objects: while every one is the same as last time, so is the overview built from them.
    const previous = assembled;
    const projects =
      previous && previous.statuses.length === statuses.length && previous.statuses.every((s, i) => s === statuses[i])
        ? previous.projects
        : assembleProjects(statuses);
    assembled = { statuses, projects };
    return { generatedAt: new Date().toISOString(), projects };
  }

  const refreshStatus = (id: string) => {
    // A read already running is as fresh as one started now: share it rather than start a second.
    if (!cache.isPending(id)) cache.invalidate(id);
    return getEnvironmentStatus(id);
  };

  return { getEnvironmentStatus, refreshStatus, getMigrationDetail, getHistory, getOverview, invalidate, readCounts };
}

type Timing = { checkedAt: Date; durationMs: number };

function markRefreshing(known: {
  status: EnvironmentStatusView;
  refreshing: EnvironmentStatusView | null;
}): EnvironmentStatusView {
  known.refreshing ??= { ...known.status, refreshing: true };
  return known.refreshing;
}

const NOT_READ_SOURCE: MigrationSourceView = {
  kind: "folder",
  label: "",
  bundleVersion: null,
  bundleChecksum: null,
  bundleUploadedAt: null,
  migrationCount: 0,
  problems: [],
  error: null,
};

function notAnsweredYet(env: EnvironmentView, budgetMs: number): EnvironmentStatusView {
  const view = toUnreachableView(env, NOT_READ_SOURCE, null, { checkedAt: new Date(), durationMs: budgetMs });
  return {
    ...view,
    refreshing: true,
    error: {
      code: "RW_NO_ANSWER_YET",
      title: "No answer yet",
      message: `The database has not answered within ${budgetMs} ms; the read goes on in the background.`,
    },
  };
}

/**
 * getEnvironmentTarget, with the calls made in the same tick answered by one query: an overview reads every
 * environment at once, and one query for all of them leaves the connection pool free and starts the reads sooner.
 * Each read still gets its target fresh from the database, and a missing environment fails only its own call.
 */
type DriftRow = StoredDriftSummary;

/** The fields a summary is made of; a finished check's changes never change without a new finishedAt. */
function sameDriftRow(a: DriftRow | null, b: DriftRow | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.status === b.status &&
    a.key === b.key &&
    a.drifted === b.drifted &&
    sameValue(a.finishedAt, b.finishedAt) &&
    Boolean(a.replayFailures) === Boolean(b.replayFailures)
  );
}

/** The stored drift checks of the environments read in the same tick, in one query (as batchTargetLoads). */
function batchDriftLoads(ctx: RegistryContext): (id: string) => Promise<DriftRow | null> {
  let waiting: Array<{ id: string; resolve: (row: DriftRow | null) => void; reject: (reason: unknown) => void }> = [];
  const flush = () => {
    const batch = waiting;
    waiting = [];
    ctx.prisma.schemaDriftCheck
      .findMany({
        where: { environmentId: { in: [...new Set(batch.map((w) => w.id))] } },
        select: {
          environmentId: true,
          status: true,
          key: true,
          drifted: true,
          changes: true,
          replayFailures: true,
          finishedAt: true,
        },
      })
      .then(
        (rows) => {
          const byId = new Map(rows.map(({ environmentId, ...row }) => [environmentId, row]));
          for (const w of batch) w.resolve(byId.get(w.id) ?? null);
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error);
        },
      );
  };
  return (id) =>
    new Promise((resolve, reject) => {
      if (waiting.length === 0) queueMicrotask(flush);
      waiting.push({ id, resolve, reject });
    });
}

/** Calls made in the same tick answered by one `load` of all their ids (as batchTargetLoads). */
function batchLoads<T>(load: (ids: string[]) => Promise<Map<string, T>>): (id: string) => Promise<T> {
  let waiting: Array<{ id: string; resolve: (value: T) => void; reject: (reason: unknown) => void }> = [];
  const flush = () => {
    const batch = waiting;
    waiting = [];
    load([...new Set(batch.map((w) => w.id))]).then(
      (byId) => {
        for (const w of batch) w.resolve(byId.get(w.id)!);
      },
      (error: unknown) => {
        for (const w of batch) w.reject(error);
      },
    );
  };
  return (id) =>
    new Promise((resolve, reject) => {
      if (waiting.length === 0) queueMicrotask(flush);
      waiting.push({ id, resolve, reject });
    });
}

function batchTargetLoads(ctx: RegistryContext): (id: string) => Promise<EnvironmentTarget> {
  let waiting: Array<{ id: string; resolve: (target: EnvironmentTarget) => void; reject: (reason: unknown) => void }> =
    [];
  const flush = () => {
    const batch = waiting;
    waiting = [];
    getEnvironmentTargets(
      ctx,
      batch.map((w) => w.id),
    ).then(
      (results) => {
        for (const w of batch) {
          const result = results.get(w.id)!;
          if (result.status === "fulfilled") w.resolve(result.value);
          else w.reject(result.reason);
        }
      },
      (error: unknown) => {
        for (const w of batch) w.reject(error);
      },
    );
  };
  return (id) =>
    new Promise((resolve, reject) => {
      if (waiting.length === 0) queueMicrotask(flush);
      waiting.push({ id, resolve, reject });
    });
}

/** Equal values, dates by time: enough for the plain records of a history or a source. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/** Every field compared (not a chosen few), so a field added to these records later still counts. */
function sameRecord(a: object | null, b: object | null): boolean {
  if (a === null || b === null) return a === b;
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((key) => key in y && sameValue(x[key], y[key]));
}

function sameRecords(a: object[], b: object[]): boolean {
  return a.length === b.length && a.every((item, i) => sameRecord(item, b[i]));
}

/** Same rows, lock holder, table and server: everything classification reads (`readAt` is not). */
function sameHistory(a: MigrationHistory, b: MigrationHistory): boolean {
  const { rows: rowsA, lockHolder: lockA, readAt: _a, ...restA } = a;
  const { rows: rowsB, lockHolder: lockB, readAt: _b, ...restB } = b;
  return sameRecord(restA, restB) && sameRecord(lockA, lockB) && sameRecords(rowsA, rowsB);
}

function sameSource(a: LoadedSource, b: LoadedSource): boolean {
  if (JSON.stringify(a.view) !== JSON.stringify(b.view)) return false;
  if (JSON.stringify(a.releases) !== JSON.stringify(b.releases)) return false;
  if (a.folder === null || b.folder === null) return a.folder === b.folder;
  return (
    a.folder.dir === b.folder.dir &&
    sameRecord(a.folder.lockfile, b.folder.lockfile) &&
    sameRecords(a.folder.problems, b.folder.problems) &&
    sameRecords(a.folder.migrations, b.folder.migrations)
  );
}

/** The folder path is part of the key: a project pointed at another folder never gets the old one's migrations. */
function sourceKey(project: EnvironmentTarget["project"]): string {
  return `${project.id}\0${project.sourceKind}\0${project.folderPath ?? ""}`;
}

function assembleProjects(statuses: EnvironmentStatusView[]): ProjectOverviewView[] {
  const byProject = new Map<string, { project: ProjectOverviewView; statuses: EnvironmentStatusView[] }>();
  for (const status of statuses) {
    const { projectId, projectName } = status.environment;
    let entry = byProject.get(projectId);
    if (!entry) {
      entry = {
        project: {
          id: projectId,
          name: projectName,
          environments: [],
          matrix: { environmentIds: [], names: [], states: [] },
        },
        statuses: [],
      };
      byProject.set(projectId, entry);
    }
    entry.project.environments.push(toSummary(status));
    entry.statuses.push(status);
  }
  for (const entry of byProject.values()) entry.project.matrix = buildMatrix(entry.statuses);
  return [...byProject.values()].map((entry) => entry.project);
}

/** The card's view of a status: no per-migration list, and the divergence as counts (the names are in the matrix). */
function toSummary(status: EnvironmentStatusView): EnvironmentSummaryView {
  const { migrations: _omitted, divergence, ...rest } = status;
  return { ...rest, divergence: divergence && summariseDivergence(divergence) };
}

function summariseDivergence(divergence: HistoryDivergence): DivergenceSummaryView {
  return {
    kind: divergence.kind,
    lastCommon: divergence.kind === "diverged" ? divergence.lastCommon : null,
    unappliedCount: "unapplied" in divergence ? divergence.unapplied.length : 0,
    missingLocallyCount: "missingLocally" in divergence ? divergence.missingLocally.length : 0,
  };
}
