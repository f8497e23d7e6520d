// Runs one queued action through Prisma's engine: claims it, re-checks the state the requester saw, streams
// the engine's log to the database while it runs, records the outcome, and releases the environment.
import { recordAudit } from "../audit/record-audit";
import { deployMigrations, resolveApplied, resolveRolledBack, type EngineLogLine } from "../migrations/engine";
import { MigrateError } from "../migrations/errors";
import { ActionRefused } from "./errors";
import type { MigrationsFolder } from "../migrations/types";
import { readFreshState, readReleaseState, type ActionsContext } from "./context";
import { computePreflight } from "./preflight";
import type { ActionKind } from "./views";

export const HEARTBEAT_MS = 2_000;
const LOG_FLUSH_MS = 100;

/** Buffers log lines and writes them in batches: one INSERT per flush, not one per line. */
function createLogWriter(ctx: ActionsContext, actionId: string) {
  let pending: EngineLogLine[] = [];
  let writing: Promise<void> = Promise.resolve();
  const all: EngineLogLine[] = [];
  const flush = () => {
    if (pending.length === 0) return writing;
    const batch = pending;
    pending = [];
    writing = writing.then(() =>
      ctx.prisma.actionLogLine
        .createMany({
          data: batch.map((l) => ({
            actionId,
            at: l.at,
            level: l.level,
            message: l.message,
            migrationName: l.migrationName,
          })),
        })
        .then(
          () => undefined,
          () => undefined,
        ),
    );
    return writing;
  };
  const timer = setInterval(flush, LOG_FLUSH_MS);
  return {
    write(line: EngineLogLine) {
      pending.push(line);
      all.push(line);
      if (all.length === 1) void flush(); // the first line at once: the person who pressed the button is watching
    },
    note(message: string, migrationName: string | null = null) {
      this.write({ level: "INFO", message, migrationName, at: new Date() });
    },
    async close() {
      clearInterval(timer);
      await flush();
      return all;
    },
  };
}

async function executeWithEngine(
  kind: ActionKind,
  url: string,
  folder: MigrationsFolder | null,
  migrationName: string | null,
  onLog: (l: EngineLogLine) => void,
) {
  if (kind === "deploy") return deployMigrations(url, folder!, { onLog });
  if (kind === "resolve_rolled_back") {
    await resolveRolledBack(url, migrationName!, { onLog });
    return {};
  }
  await resolveApplied(url, folder!, migrationName!, { onLog });
  return {};
}

/** Runs the action if it is queued; returns false when another worker has it or it is not runnable. */
export async function runAction(ctx: ActionsContext, actionId: string, workerId: string): Promise<boolean> {
  const started = new Date();
  const { count } = await ctx.prisma.action.updateMany({
    where: { id: actionId, status: "queued" },
    data: { status: "running", workerId, startedAt: started, heartbeatAt: started },
  });
  if (count !== 1) return false;
  const action = await ctx.prisma.action.findUniqueOrThrow({ where: { id: actionId }, include: { environment: true } });
  const heartbeat = setInterval(() => {
    void ctx.prisma.action.update({ where: { id: actionId }, data: { heartbeatAt: new Date() } }).catch(() => {});
  }, HEARTBEAT_MS);
  const log = createLogWriter(ctx, actionId);
  const kind = action.kind as ActionKind;
  const environment = { id: action.environmentId, name: action.environment.name };
  let outcome: "succeeded" | "failed" = "failed";
  let error: { code: string; message: string } | null = null;
  let result: Record<string, unknown> | null = null;
  let fingerprintAfter: string | null = null;
  try {
    log.note(
      `Checking ${environment.name} before ${kind.replace(/_/g, " ")}${action.migrationName ? ` of ${action.migrationName}` : ""}…`,
    );
    await recordAudit(ctx.prisma, {
      event: "start",
      actor: null,
      environment,
      actionId,
      actionKind: kind,
      outcome: "running",
      fingerprintBefore: action.expectedFingerprint,
      message: `worker ${workerId}`,
    });
    const sourceState = await readFreshState(ctx, action.environmentId);
    if (sourceState.status.fingerprint !== action.expectedFingerprint) {
      error = {
        code: "stale_state",
        message: "The environment changed after the request: nothing was run. Review the new state and ask again.",
      };
    } else {
      // A chosen release: its migrations, refused (stale_release) if the release is not the one requested.
      const { target, folder, status } =
        action.releaseNumber !== null
          ? await readReleaseState(ctx, sourceState, action.releaseNumber, action.releaseChecksum)
          : sourceState;
      if (action.releaseNumber !== null)
        log.note(`Release #${action.releaseNumber} (sha256 ${action.releaseChecksum?.slice(0, 12)}).`);
      const preflight = await computePreflight({
        kind,
        migrationName: action.migrationName,
        environment: target.environment,
        status,
        folder,
        openAction: null,
      });
      if (!preflight.allowed) {
        error = preflight.refusal;
      } else {
        log.note(
          kind === "deploy"
            ? `Deploying ${preflight.migrationsToApply.length} migration(s) with Prisma's schema engine.`
            : `Running ${preflight.cliCommand} with Prisma's schema engine.`,
        );
        result = await executeWithEngine(kind, target.url, folder, action.migrationName, (line) => log.write(line));
        outcome = "succeeded";
        log.note("Done.");
      }
    }
  } catch (e) {
    error =
      e instanceof MigrateError || e instanceof ActionRefused
        ? { code: e.code, message: e.message }
        : { code: "internal", message: e instanceof Error ? e.message : String(e) };
    log.note(`Failed: ${error.code}: ${error.message.split("\n")[0]}`);
  } finally {
    clearInterval(heartbeat);
  }
  try {
    fingerprintAfter = (await readFreshState(ctx, action.environmentId)).status.fingerprint;
  } catch {
    fingerprintAfter = null; // the target became unreachable: the outcome stands, the after-state is unknown
  }
  const lines = await log.close();
  const finished = new Date();
  await ctx.prisma.$transaction([
    ctx.prisma.action.update({
      where: { id: actionId },
      data: {
        status: outcome,
        error: error ?? undefined,
        result: (result ?? undefined) as object | undefined,
        fingerprintAfter,
        finishedAt: finished,
        heartbeatAt: finished,
      },
    }),
    ctx.prisma.environmentActionLock.deleteMany({ where: { actionId } }),
  ]);
  ctx.onEnvironmentChanged?.(action.environmentId);
  await recordAudit(ctx.prisma, {
    event: "outcome",
    actor: null,
    environment,
    actionId,
    actionKind: kind,
    outcome,
    arguments: {
      migration: action.migrationName,
      requestedBy: action.requestedByLabel,
      approvedBy: action.decidedByLabel,
      result,
    },
    fingerprintBefore: action.expectedFingerprint,
    fingerprintAfter,
    engineLog: lines.map((l) => `${l.at.toISOString()} ${l.level} ${l.message}`),
    message: error ? `${error.code}: ${error.message}` : null,
    durationMs: finished.getTime() - started.getTime(),
  });
  return true;
}
