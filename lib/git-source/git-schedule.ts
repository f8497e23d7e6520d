// Every git source fetched on its own interval, once per interval across every dashboard process sharing the
// database, as the monitor reads environments: each process ticks, one UPDATE claims the due interval slots
// (from the database's clock) and only the process whose UPDATE claimed a slot queues the fetch. Webhooks and
// "Fetch now" queue on the same pg-boss queue, whose `stately` policy keeps at most one fetch waiting and one
// running per source: a burst of pushes is one fetch (plus one after it, for a push that came mid-fetch).
import type PgBoss from "pg-boss";
import { ensureQueue } from "../monitor/ensure-queue";
import type { GitSourceContext } from "./context";
import { fetchGitSource, type GitFetchOutcome } from "./fetch-git-source";

export const GIT_FETCH_QUEUE = "runway-git-fetch";

interface FetchJob {
  projectId: string;
  /** What asked: schedule, webhook, fetch now by … (on the releases it records). */
  reason: string;
  slot: string | null;
}

export interface GitScheduleOptions {
  ctx: GitSourceContext;
  boss: PgBoss;
  /** How often this process looks for due sources (default 1 s). */
  tickMs?: number;
  /** How many fetches this process runs at once. */
  concurrency?: number;
  /** After every fetch this process ran (new releases: the environments of the project are read again). */
  onFetched?(outcome: GitFetchOutcome): Promise<void> | void;
  /** A slot this process claimed (tests and benchmarks count them). */
  onClaim?(projectId: string, slot: bigint): void;
  log?: (line: string) => void;
}

export interface GitSchedule {
  /** Claims and queues the due fetches now (what each tick does); returns how many this process claimed. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

async function ensureFetchQueue(boss: PgBoss): Promise<void> {
  await ensureQueue(boss, GIT_FETCH_QUEUE, { policy: "stately", retryLimit: 0, expireInSeconds: 15 * 60 });
}

/**
 * Queues a fetch of the source (a webhook, a busy "Fetch now"). false: one is already waiting, which will see
 * whatever this request was about.
 */
export async function requestGitFetch(boss: PgBoss, projectId: string, reason: string): Promise<boolean> {
  await ensureFetchQueue(boss);
  const id = await boss.send(GIT_FETCH_QUEUE, { projectId, reason, slot: null } satisfies FetchJob, {
    singletonKey: projectId,
  });
  return id !== null;
}

export async function startGitSchedule(options: GitScheduleOptions): Promise<GitSchedule> {
  const { ctx, boss } = options;
  const log = options.log ?? ((line: string) => console.log(`[runway git] ${line}`));
  await ensureFetchQueue(boss);

  const worker = await boss.work<FetchJob>(
    GIT_FETCH_QUEUE,
    { pollingIntervalSeconds: 0.5, batchSize: options.concurrency ?? 4 },
    async (jobs) => {
      // One source's failure must not fail the others of the batch (fetchGitSource records its own failures).
      await Promise.all(
        jobs.map(async (job) => {
          try {
            const outcome = await fetchGitSource(ctx, job.data.projectId, { label: job.data.reason });
            if (outcome.outcome === "failed") log(`fetch of ${job.data.projectId} failed: ${outcome.error}`);
            await options.onFetched?.(outcome);
          } catch (error) {
            log(`fetch of ${job.data.projectId} failed: ${(error as Error).message}`);
          }
        }),
      );
    },
  );

  async function tick(): Promise<number> {
    const claimed = await ctx.prisma.$queryRaw<Array<{ projectId: string; claimedSlot: bigint }>>`
      UPDATE "GitSource" g
         SET "claimedSlot" = floor(extract(epoch from clock_timestamp()) / g."intervalSeconds")::bigint
       WHERE g."claimedSlot" < floor(extract(epoch from clock_timestamp()) / g."intervalSeconds")::bigint
      RETURNING g."projectId", g."claimedSlot"`;
    for (const { projectId, claimedSlot } of claimed) {
      options.onClaim?.(projectId, claimedSlot);
      await boss.send(
        GIT_FETCH_QUEUE,
        { projectId, reason: "schedule", slot: String(claimedSlot) } satisfies FetchJob,
        { singletonKey: projectId },
      );
    }
    if (claimed.length > 0) boss.notifyWorker(worker);
    return claimed.length;
  }

  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    running = tick().catch((error: Error) => log(`tick failed: ${error.message}`));
  }, options.tickMs ?? 1000);

  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await boss.offWork(GIT_FETCH_QUEUE);
    },
  };
}
