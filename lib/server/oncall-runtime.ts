// This process's monitor, notification sender and git fetch schedule, on the action worker's job queue (started
// at boot by instrumentation.ts). RUNWAY_MONITOR=0 leaves the monitor off in this process (its notifications still
// send); RUNWAY_GIT_FETCH=0 leaves git fetches to the other processes.
import type { GitFetchOutcome } from "../git-source/fetch-git-source";
import { startGitSchedule, type GitSchedule } from "../git-source/git-schedule";
import { startMonitor, type Monitor } from "../monitor/monitor";
import { recordApprovalRequest } from "../monitor/record-approval-request";
import { startNotifier, type Notifier } from "../notifications/notifier";
import { getActionWorker } from "./action-runtime";
import { getServerEnv } from "./env";
import { getGitSourceContext } from "./git-services";
import { getRegistryContext, getStatusService } from "./services";

export interface OncallRuntime {
  monitor: Monitor | null;
  notifier: Notifier;
  git: GitSchedule | null;
}

const globals = globalThis as unknown as { runwayOncall?: Promise<OncallRuntime> };

export function publicUrl(): string {
  const env = getServerEnv();
  return env.RUNWAY_PUBLIC_URL ?? env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
}

async function startOncall(): Promise<OncallRuntime> {
  const env = getServerEnv();
  const worker = await getActionWorker();
  const { prisma, secretKey } = getRegistryContext();
  const notifier = await startNotifier({
    prisma,
    secretKey,
    boss: worker.boss,
    publicUrl: publicUrl(),
    smtpUrl: env.RUNWAY_SMTP_URL,
    smtpFrom: env.RUNWAY_SMTP_FROM,
    retries: env.RUNWAY_NOTIFY_RETRIES,
    retryDelaySeconds: env.RUNWAY_NOTIFY_RETRY_DELAY_S,
  });
  const monitor =
    env.RUNWAY_MONITOR === "0"
      ? null
      : await startMonitor({
          prisma,
          boss: worker.boss,
          readStatus: (id) => getStatusService().refreshStatus(id),
          defaultIntervalSeconds: env.RUNWAY_MONITOR_INTERVAL_S,
          tickMs: Math.min(1000, env.RUNWAY_MONITOR_INTERVAL_S * 250),
          onEvents: (events) => notifier.dispatch(events).then(() => {}),
        });
  const git =
    env.RUNWAY_GIT_FETCH === "0"
      ? null
      : await startGitSchedule({
          ctx: getGitSourceContext(),
          boss: worker.boss,
          tickMs: Math.min(1000, env.RUNWAY_GIT_FETCH_INTERVAL_S * 250),
          onFetched: afterGitFetch,
        });
  return { monitor, notifier, git };
}

/**
 * After a git fetch found new releases: the project's environments are read now (by whichever process's monitor
 * takes the job), so their new pending migrations become `source_changed` events rather than waiting an interval.
 */
export async function afterGitFetch(outcome: GitFetchOutcome): Promise<void> {
  if (outcome.releases.length === 0) return;
  const environments = await getRegistryContext().prisma.environment.findMany({
    where: { projectId: outcome.projectId, archivedAt: null },
    select: { id: true },
  });
  for (const { id } of environments) {
    getStatusService().invalidate(id);
    readEnvironmentSoon(id);
  }
}

export function getOncallRuntime(): Promise<OncallRuntime> {
  globals.runwayOncall ??= startOncall().catch((error) => {
    globals.runwayOncall = undefined;
    throw error;
  });
  return globals.runwayOncall;
}

/** After an action: read the environment now rather than at its next interval (its deploy becomes an event). */
export function readEnvironmentSoon(environmentId: string): void {
  void globals.runwayOncall?.then((runtime) => runtime.monitor?.readNow(environmentId)).catch(() => {});
}

/** A protected environment's request waits for a second person: an event on the feed, operators notified with the link. */
export function announceApprovalRequest(actionId: string): void {
  void (async () => {
    const runtime = await getOncallRuntime();
    const event = await recordApprovalRequest(getRegistryContext().prisma, actionId);
    if (event) await runtime.notifier.dispatch([event]);
  })().catch((error: Error) => console.error(`[runway notify] approval request not announced: ${error.message}`));
}
