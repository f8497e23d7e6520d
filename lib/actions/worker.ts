// The job queue (pg-boss, in Runway's own database) and the worker that runs actions. Every dashboard process
// runs one; pg-boss hands each job to exactly one of them. Jobs are never retried: a failed or interrupted
// migration needs a person's decision.
import crypto from "node:crypto";
import os from "node:os";
import PgBoss from "pg-boss";
import type { RegistryContext } from "../environments/registry";
import type { ActionsContext } from "./context";
import { HEARTBEAT_MS, runAction } from "./run-action";
import { sweepInterruptedActions } from "./sweep-actions";

const QUEUE = "runway-actions";

export interface ActionWorker {
  context: ActionsContext;
  workerId: string;
  /** The process's job queue, shared with the monitor and the notifications (lib/monitor, lib/notifications). */
  boss: PgBoss;
  stop(): Promise<void>;
}

export interface ActionWorkerOptions {
  databaseUrl: string;
  /** A running action whose heartbeat is older than this is considered interrupted (default 5 heartbeats). */
  staleMs?: number;
  pollingIntervalSeconds?: number;
  approvalTtlMs?: number;
  onEnvironmentChanged?(environmentId: string): void;
  shadow?: ActionsContext["shadow"];
  /** Jobs pg-boss runs on a cron schedule, once across every process (e.g. the drift checks). */
  scheduled?: Array<{ name: string; cron: string; run(): Promise<void> }>;
  onApprovalRequested?(actionId: string): void;
  log?: (line: string) => void;
}

/** Starts the queue and the worker; resolves once this process is working the queue. */
export async function startActionWorker(
  registry: RegistryContext,
  options: ActionWorkerOptions,
): Promise<ActionWorker> {
  const worker = createActionWorker(registry, options);
  await worker.ready;
  return worker;
}

/**
 * The worker, returned at once: its context can enqueue as soon as the queue is up (pg-boss started), without
 * waiting for the worker's own start (its subscription and first sweep). `ready` settles when it works the queue.
 */
export function createActionWorker(
  registry: RegistryContext,
  options: ActionWorkerOptions,
): ActionWorker & { ready: Promise<void> } {
  const log = options.log ?? ((line: string) => console.log(`[runway actions] ${line}`));
  const workerId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: "pgboss",
    max: 4,
    application_name: "runway (job queue)",
  });
  boss.on("error", (error) => log(`queue error: ${error.message}`));
  const queueReady = (async () => {
    await boss.start();
    await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 0, expireInSeconds: 6 * 60 * 60 });
  })();

  let localWorker: string | null = null;
  const context: ActionsContext = {
    ...registry,
    approvalTtlMs: options.approvalTtlMs,
    onEnvironmentChanged: options.onEnvironmentChanged,
    shadow: options.shadow,
    onApprovalRequested: options.onApprovalRequested,
    enqueue: async (actionId) => {
      await queueReady;
      await boss.send(QUEUE, { actionId }, { retryLimit: 0 });
      // Wake this process's worker now rather than at its next poll; workers elsewhere still poll.
      if (localWorker) boss.notifyWorker(localWorker);
    },
  };
  const staleMs = options.staleMs ?? HEARTBEAT_MS * 5;
  const sweep = () =>
    sweepInterruptedActions(registry.prisma, staleMs).then(
      (ids) => ids.length > 0 && log(`marked ${ids.length} action(s) interrupted: ${ids.join(", ")}`),
      (error: Error) => log(`sweep failed: ${error.message}`),
    );
  let timer: ReturnType<typeof setInterval> | undefined;
  const ready = queueReady.then(async () => {
    localWorker = await boss.work<{ actionId: string }>(
      QUEUE,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5, batchSize: 1 },
      async ([job]) => {
        await runAction(context, job.data.actionId, workerId);
      },
    );
    for (const job of options.scheduled ?? []) {
      await boss.createQueue(job.name, { name: job.name, retryLimit: 0, expireInSeconds: 60 * 60 });
      await boss.schedule(job.name, job.cron);
      await boss.work(job.name, { batchSize: 1 }, () => job.run());
    }
    await sweep();
    timer = setInterval(sweep, Math.max(1000, Math.min(staleMs, 10_000)));
  });
  return {
    context,
    workerId,
    ready,
    boss,
    async stop() {
      await ready.catch(() => {});
      clearInterval(timer);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
