// Drift checks per environment, stored in Runway's own database so every dashboard process shares them: run after
// every action, on demand and on a schedule; the result is valid for the environment's fingerprint (its
// `_prisma_migrations` rows and the migrations' checksums), so the overview reads it and never waits for a check.
import { readFreshState } from "../actions/context";
import type { RegistryContext } from "../environments/registry";
import { Prisma } from "../generated/prisma/client";
import { getEnvironmentTarget, listEnvironments } from "../environments/registry";
import type { ShadowProvider } from "../migrations/engine";
import { MigrateError } from "../migrations/errors";
import type { SchemaChange } from "./describe-changes";
import { detectDrift, stripBacktrace, type DriftProgress } from "./drift";
import type { DriftView } from "./views";

type DriftRow = NonNullable<Awaited<ReturnType<RegistryContext["prisma"]["schemaDriftCheck"]["findUnique"]>>>;

export interface DriftServiceOptions {
  /** The shadow databases (lib/schema/shadow-server.ts), started on first use. */
  shadow: () => Promise<ShadowProvider>;
  workerId: string;
  /** A check still running this long after it started was left by a dead process (default 10 minutes). */
  staleMs?: number;
  log?: (line: string) => void;
}

export interface DriftService {
  /** The stored check, `current` against the fingerprint given (or the environment's, read now). */
  getDrift(environmentId: string, fingerprint?: string | null): Promise<DriftView>;
  /** Runs a check unless a current one exists (or `force`); resolves when it is done. `onStarted` sees it running. */
  checkDrift(
    environmentId: string,
    options?: { force?: boolean; onStarted?: (view: DriftView) => void },
  ): Promise<DriftView>;
  /** Every environment whose stored check is not current (the schedule). */
  checkAll(): Promise<number>;
}

const PROGRESS_WRITE_MS = 250;

export function toDriftView(
  environmentId: string,
  row: DriftRow | null,
  fingerprint: string | null | undefined,
): DriftView {
  if (!row)
    return {
      environmentId,
      status: "never",
      current: false,
      drifted: null,
      sql: null,
      changes: [],
      replayFailures: [],
      error: null,
      progress: null,
      startedAt: null,
      finishedAt: null,
      durationMs: null,
    };
  const status = row.status as DriftView["status"];
  return {
    environmentId,
    status,
    current: fingerprint != null && row.key === fingerprint,
    drifted: row.drifted,
    sql: row.sql,
    changes: (row.changes as unknown as SchemaChange[] | null) ?? [],
    replayFailures: (row.replayFailures as DriftView["replayFailures"] | null) ?? [],
    error: row.error,
    progress: status === "running" ? { phase: row.phase ?? "starting", done: row.done, total: row.total } : null,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    durationMs: row.durationMs,
  };
}

export function createDriftService(ctx: RegistryContext, options: DriftServiceOptions): DriftService {
  const staleMs = options.staleMs ?? 600_000;
  const log = options.log ?? (() => {});
  /** Checks this process runs now: a second request for the same environment joins the first. */
  const running = new Map<string, Promise<DriftView>>();

  async function getDrift(environmentId: string, fingerprint?: string | null): Promise<DriftView> {
    const row = await ctx.prisma.schemaDriftCheck.findUnique({ where: { environmentId } });
    const current =
      fingerprint === undefined ? (await readFreshState(ctx, environmentId)).status.fingerprint : fingerprint;
    return toDriftView(environmentId, row, current);
  }

  /** Takes the environment's check row for this worker unless another live worker is running one. */
  async function claim(environmentId: string, key: string): Promise<boolean> {
    const fresh = {
      key,
      status: "running",
      phase: "starting",
      done: 0,
      total: 0,
      error: null,
      runBy: options.workerId,
      startedAt: new Date(),
      finishedAt: null,
    };
    const created = await ctx.prisma.schemaDriftCheck.createMany({
      data: [{ environmentId, ...fresh }],
      skipDuplicates: true,
    });
    if (created.count === 1) return true;
    const taken = await ctx.prisma.schemaDriftCheck.updateMany({
      where: {
        environmentId,
        OR: [{ status: { not: "running" } }, { startedAt: { lt: new Date(Date.now() - staleMs) } }],
      },
      data: fresh,
    });
    return taken.count === 1;
  }

  async function run(environmentId: string, force: boolean, onStarted: (view: DriftView) => void): Promise<DriftView> {
    const { target, folder, status } = await readFreshState(ctx, environmentId);
    const existing = await ctx.prisma.schemaDriftCheck.findUnique({ where: { environmentId } });
    if (!folder) return toDriftView(environmentId, existing, status.fingerprint);
    if (!force && existing && existing.key === status.fingerprint && existing.status !== "failed")
      return toDriftView(environmentId, existing, status.fingerprint);
    if (!(await claim(environmentId, status.fingerprint))) return getDrift(environmentId, status.fingerprint);
    onStarted(await getDrift(environmentId, status.fingerprint));
    const started = performance.now();
    let lastWrite = 0;
    let writing: Promise<unknown> = Promise.resolve();
    const onProgress = (p: DriftProgress) => {
      const now = performance.now();
      if (now - lastWrite < PROGRESS_WRITE_MS && p.phase === "replaying") return;
      lastWrite = now;
      writing = writing.then(() =>
        ctx.prisma.schemaDriftCheck
          .updateMany({
            where: { environmentId, runBy: options.workerId },
            data: { phase: p.phase, done: p.done, total: p.total },
          })
          .catch(() => {}),
      );
    };
    try {
      const result = await detectDrift(target.url, folder, status.migrations, {
        shadow: await options.shadow(),
        connectTimeoutMs: target.environment.connectTimeoutMs,
        onProgress,
      });
      await writing;
      if (!(await stillReads(environmentId, target.url))) return discard(environmentId, target.environment.name);
      await ctx.prisma.schemaDriftCheck.updateMany({
        where: { environmentId, runBy: options.workerId },
        data: {
          status: "done",
          phase: null,
          drifted: result.drifted,
          sql: result.sql,
          changes: result.changes as unknown as object,
          replayFailures:
            result.replayFailures.length > 0 ? (result.replayFailures as unknown as object) : Prisma.DbNull,
          error: null,
          finishedAt: new Date(),
          durationMs: result.durationMs,
        },
      });
      log(
        `drift check of ${target.environment.name}: ${result.drifted ? `${result.changes.length} difference(s)` : "no drift"} (${result.durationMs} ms)`,
      );
    } catch (error) {
      await writing;
      if (!(await stillReads(environmentId, target.url))) return discard(environmentId, target.environment.name);
      const message =
        error instanceof MigrateError
          ? `${error.code}: ${stripBacktrace(error.message)}`
          : error instanceof Error
            ? error.message
            : String(error);
      await ctx.prisma.schemaDriftCheck.updateMany({
        where: { environmentId, runBy: options.workerId },
        data: {
          status: "failed",
          phase: null,
          error: message,
          finishedAt: new Date(),
          durationMs: Math.round(performance.now() - started),
        },
      });
      log(`drift check of ${target.environment.name} failed: ${message.split("\n")[0]}`);
    }
    return getDrift(environmentId, status.fingerprint);
  }

  /**
   * The environment still reads the database this check read. A URL rotated (or a schema changed) meanwhile makes
   * the result another database's: its fingerprint may even be the same (a copy of the same history).
   */
  async function stillReads(environmentId: string, url: string): Promise<boolean> {
    try {
      return (await getEnvironmentTarget(ctx, environmentId)).url === url;
    } catch {
      return false;
    }
  }

  async function discard(environmentId: string, name: string): Promise<DriftView> {
    await ctx.prisma.schemaDriftCheck.deleteMany({ where: { environmentId, runBy: options.workerId } });
    log(`drift check of ${name} discarded: the environment's URL or schema changed while it ran`);
    return toDriftView(environmentId, null, null);
  }

  function checkDrift(
    environmentId: string,
    opts: { force?: boolean; onStarted?: (view: DriftView) => void } = {},
  ): Promise<DriftView> {
    const inFlight = running.get(environmentId);
    if (inFlight) {
      if (opts.onStarted) void getDrift(environmentId).then(opts.onStarted, () => {});
      return inFlight;
    }
    const job = run(environmentId, opts.force ?? false, opts.onStarted ?? (() => {})).finally(() =>
      running.delete(environmentId),
    );
    running.set(environmentId, job);
    return job;
  }

  async function checkAll(): Promise<number> {
    let checked = 0;
    // One at a time: a check replays a whole history, and the schedule is not in a hurry.
    for (const env of await listEnvironments(ctx)) {
      try {
        const view = await checkDrift(env.id);
        if (view.status === "done") checked += 1;
      } catch (error) {
        log(`drift check of ${env.name} skipped: ${(error as Error).message.split("\n")[0]}`);
      }
    }
    return checked;
  }

  return { getDrift, checkDrift, checkAll };
}
