// This process's monitor and notification sender, on the action worker's job queue (started at boot by
// instrumentation.ts). RUNWAY_MONITOR=0 leaves the monitor off in this process (its notifications still send).
import { startMonitor, type Monitor } from "../monitor/monitor";
import { getActionWorker } from "./action-runtime";
import { getServerEnv } from "./env";
import { getRegistryContext, getStatusService } from "./services";

export interface OncallRuntime {
  monitor: Monitor | null;
}

const globals = globalThis as unknown as { runwayOncall?: Promise<OncallRuntime> };

async function startOncall(): Promise<OncallRuntime> {
  const env = getServerEnv();
  const worker = await getActionWorker();
  const { prisma } = getRegistryContext();
  const monitor =
    env.RUNWAY_MONITOR === "0"
      ? null
      : await startMonitor({
          prisma,
          boss: worker.boss,
          readStatus: (id) => getStatusService().getEnvironmentStatus(id, { fresh: true }),
          defaultIntervalSeconds: env.RUNWAY_MONITOR_INTERVAL_S,
          tickMs: Math.min(1000, env.RUNWAY_MONITOR_INTERVAL_S * 250),
        });
  return { monitor };
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
