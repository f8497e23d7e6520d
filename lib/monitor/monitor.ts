// The monitor: every environment read on its own interval by the job queue, once per interval across any number
// of dashboard processes. Each process ticks; one UPDATE claims the due interval slots (computed from the
// database's clock, so process clocks do not matter) and only the process whose UPDATE claimed a slot sends its job.
// Concurrent claims of one row serialise on its row lock and the loser's WHERE no longer matches.
import type PgBoss from "pg-boss";
import type { EnvironmentStatusView } from "../environments/views";
import type { PrismaClient } from "../generated/prisma/client";
import { ensureQueue } from "./ensure-queue";
import { recordReading, type RecordedEvent } from "./record-reading";

export const MONITOR_QUEUE = "runway-monitor";

export interface MonitorOptions {
  prisma: PrismaClient;
  boss: PgBoss;
  /** Reads an environment now (the status service's fresh read, so the overview's cache is refreshed too). */
  readStatus(environmentId: string): Promise<EnvironmentStatusView>;
  /** Interval given to environments the monitor has not seen yet (default 60 s). */
  defaultIntervalSeconds?: number;
  /** How often this process looks for due environments (default 1 s). */
  tickMs?: number;
  /** How many readings this process runs at once (a dead database holds one for its connect timeout). */
  concurrency?: number;
  onEvents?(events: RecordedEvent[]): Promise<void> | void;
  onRead?(environmentId: string, slot: bigint | null): void;
  log?: (line: string) => void;
}

export interface Monitor {
  /** Reads an environment outside its schedule (after an action changed it). */
  readNow(environmentId: string): Promise<void>;
  /** Claims and sends the due readings now (what each tick does); returns how many this process claimed. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

export async function startMonitor(options: MonitorOptions): Promise<Monitor> {
  const { prisma, boss } = options;
  const log = options.log ?? ((line: string) => console.log(`[runway monitor] ${line}`));
  const defaultInterval = options.defaultIntervalSeconds ?? 60;
  await ensureQueue(boss, MONITOR_QUEUE, { retryLimit: 0, expireInSeconds: 15 * 60 });

  async function read(environmentId: string, slot: bigint | null) {
    options.onRead?.(environmentId, slot);
    const status = await options.readStatus(environmentId);
    const events = await recordReading(prisma, status, defaultInterval);
    if (events.length > 0) await options.onEvents?.(events);
  }

  const worker = await boss.work<{ environmentId: string; slot: string | null }>(
    MONITOR_QUEUE,
    { pollingIntervalSeconds: 0.5, batchSize: options.concurrency ?? 10 },
    async (jobs) => {
      // One reading's failure (an environment removed meanwhile) must not fail the others of the batch.
      await Promise.all(
        jobs.map((job) =>
          read(job.data.environmentId, job.data.slot === null ? null : BigInt(job.data.slot)).catch((error: Error) =>
            log(`reading ${job.data.environmentId} failed: ${error.message}`),
          ),
        ),
      );
    },
  );

  async function tick(): Promise<number> {
    await prisma.$executeRaw`
      INSERT INTO "MonitorState" ("environmentId", "intervalSeconds")
      SELECT id, ${defaultInterval} FROM "Environment" WHERE "archivedAt" IS NULL ON CONFLICT DO NOTHING`;
    const claimed = await prisma.$queryRaw<Array<{ environmentId: string; claimedSlot: bigint }>>`
      UPDATE "MonitorState" m
         SET "claimedSlot" = floor(extract(epoch from clock_timestamp()) * 1000 / (m."intervalSeconds" * 1000))::bigint
       WHERE m."claimedSlot" < floor(extract(epoch from clock_timestamp()) * 1000 / (m."intervalSeconds" * 1000))::bigint
         AND EXISTS (SELECT 1 FROM "Environment" e WHERE e.id = m."environmentId" AND e."archivedAt" IS NULL)
      RETURNING m."environmentId", m."claimedSlot"`;
    if (claimed.length > 0) {
      await boss.insert(
        claimed.map((c) => ({
          name: MONITOR_QUEUE,
          data: { environmentId: c.environmentId, slot: String(c.claimedSlot) },
        })),
      );
      boss.notifyWorker(worker);
    }
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
    async readNow(environmentId) {
      await boss.send(MONITOR_QUEUE, { environmentId, slot: null });
      boss.notifyWorker(worker);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await boss.offWork(MONITOR_QUEUE);
    },
  };
}
