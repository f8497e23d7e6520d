// Notifications through the job queue: each (event, channel) is a job, retried with exponential backoff by
// pg-boss when the receiver fails; every attempt is a row of the delivery log.
import nodemailer from "nodemailer";
import type PgBoss from "pg-boss";
import type { PrismaClient } from "../generated/prisma/client";
import { ensureQueue } from "../monitor/ensure-queue";
import { PROTECTED_DEFAULT_KINDS } from "../monitor/event-kinds";
import { toRecordedEvent, type RecordedEvent } from "../monitor/record-reading";
import { loadChannelTarget } from "./channels";
import { sendToChannel, type SendOptions, type SendResult } from "./send-to-channel";

export const NOTIFY_QUEUE = "runway-notify";

export interface NotifierOptions {
  prisma: PrismaClient;
  secretKey: Buffer;
  boss: PgBoss;
  publicUrl: string;
  smtpUrl?: string | null;
  smtpFrom?: string | null;
  /** Retries after the first attempt (default 5) and the first retry's delay in seconds (doubling, with jitter). */
  retries?: number;
  retryDelaySeconds?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface Notifier {
  /** Queues a delivery for every channel the event concerns. Returns the channel ids. */
  dispatch(events: RecordedEvent[]): Promise<string[]>;
  /** Sends a test message now (not queued, not retried) and logs it. */
  sendTest(channelId: string): Promise<SendResult | null>;
  smtpConfigured: boolean;
  stop(): Promise<void>;
}

/** Channels subscribed to the event, plus every channel for a protected environment's failure, block or approval. */
export async function channelsFor(prisma: PrismaClient, event: RecordedEvent): Promise<string[]> {
  if (event.isProtected && PROTECTED_DEFAULT_KINDS.includes(event.kind)) {
    const all = await prisma.notificationChannel.findMany({ where: { enabled: true }, select: { id: true } });
    return all.map((c) => c.id);
  }
  const subscribed = await prisma.notificationChannel.findMany({
    where: {
      enabled: true,
      subscriptions: {
        some: {
          eventKinds: { has: event.kind },
          AND: [
            { OR: [{ projectId: null }, { projectId: event.projectId }] },
            { OR: [{ environmentId: null }, { environmentId: event.environmentId }] },
          ],
        },
      },
    },
    select: { id: true },
  });
  return subscribed.map((c) => c.id);
}

export async function startNotifier(options: NotifierOptions): Promise<Notifier> {
  const { prisma, boss } = options;
  const log = options.log ?? ((line: string) => console.log(`[runway notify] ${line}`));
  const retries = options.retries ?? 5;
  const smtp = options.smtpUrl
    ? { transport: nodemailer.createTransport(options.smtpUrl), from: options.smtpFrom || "runway@localhost" }
    : null;
  const send: SendOptions = { publicUrl: options.publicUrl, smtp, timeoutMs: options.timeoutMs };
  await ensureQueue(boss, NOTIFY_QUEUE, {
    retryLimit: retries,
    retryDelay: options.retryDelaySeconds ?? 10,
    retryBackoff: true,
    expireInSeconds: 120,
  });

  async function logDelivery(
    channelId: string,
    event: RecordedEvent | null,
    eventKind: string,
    attempt: number,
    result: SendResult,
  ) {
    await prisma.notificationDelivery.create({
      data: {
        channelId,
        eventId: event?.id ?? null,
        eventKind,
        attempt,
        ok: result.ok,
        responseCode: result.responseCode,
        error: result.error,
        durationMs: result.durationMs,
      },
    });
  }

  const worker = await boss.work<{ eventId: string; channelId: string }>(
    NOTIFY_QUEUE,
    { pollingIntervalSeconds: 0.5, batchSize: 1, includeMetadata: true },
    async ([job]) => {
      const [row, channel] = await Promise.all([
        prisma.environmentEvent.findUnique({ where: { id: BigInt(job.data.eventId) } }),
        loadChannelTarget({ prisma, secretKey: options.secretKey }, job.data.channelId),
      ]);
      if (!row || !channel || !channel.enabled) return;
      const event = toRecordedEvent(row);
      const result = await sendToChannel(channel, event, send);
      await logDelivery(channel.id, event, event.kind, job.retryCount + 1, result);
      // Throwing hands the job back to pg-boss, which retries it after the backoff (until retryLimit).
      if (!result.ok && !(channel.kind === "email" && !smtp)) throw new Error(result.error ?? "delivery failed");
    },
  );

  return {
    smtpConfigured: smtp !== null,
    async dispatch(events) {
      const sent: string[] = [];
      for (const event of events) {
        const channelIds = await channelsFor(prisma, event);
        if (channelIds.length === 0) continue;
        await boss.insert(
          channelIds.map((channelId) => ({
            name: NOTIFY_QUEUE,
            data: { eventId: String(event.id), channelId },
            retryLimit: retries,
            retryDelay: options.retryDelaySeconds ?? 10,
            retryBackoff: true,
          })),
        );
        sent.push(...channelIds);
      }
      if (sent.length > 0) boss.notifyWorker(worker);
      return sent;
    },
    async sendTest(channelId) {
      const channel = await loadChannelTarget({ prisma, secretKey: options.secretKey }, channelId);
      if (!channel) return null;
      const event: RecordedEvent = {
        id: 0n,
        at: new Date(),
        environmentId: "test",
        environmentName: "test",
        projectId: "test",
        projectName: "Runway",
        isProtected: false,
        kind: "deployed",
        message: `Test message from Runway to ${channel.name}: this channel works.`,
        details: {},
      };
      const result = await sendToChannel(channel, event, { ...send, test: true });
      await logDelivery(channel.id, null, "test", 1, result);
      log(`test to ${channel.name}: ${result.ok ? "ok" : result.error}`);
      return result;
    },
    async stop() {
      await boss.offWork(NOTIFY_QUEUE);
      smtp?.transport.close();
    },
  };
}
