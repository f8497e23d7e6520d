// The action worker of this dashboard process, started once (at boot by instrumentation.ts, or on first use).
import { createActionWorker, type ActionWorker } from "../actions/worker";
import type { ActionsContext } from "../actions/context";
import { getServerEnv } from "./env";
import { getDriftService, getShadowProvider, startDriftCheck } from "./schema-runtime";
import { announceApprovalRequest, readEnvironmentSoon } from "./oncall-runtime";
import { getRegistryContext, getStatusService } from "./services";

type StartingWorker = ReturnType<typeof createActionWorker>;

const globals = globalThis as unknown as { runwayActionWorker?: StartingWorker };

function getStartingWorker(): StartingWorker {
  if (!globals.runwayActionWorker) {
    const worker = createActionWorker(getRegistryContext(), {
      databaseUrl: getServerEnv().DATABASE_URL,
      staleMs: process.env.RUNWAY_ACTION_STALE_MS ? Number(process.env.RUNWAY_ACTION_STALE_MS) : undefined,
      shadow: async () => (await getShadowProvider())(),
      onEnvironmentChanged: (id) => {
        getStatusService().invalidate(id);
        // After every action: does the schema still match its migrations?
        void startDriftCheck(id).catch(() => {});
        readEnvironmentSoon(id);
      },
      onApprovalRequested: (id) => announceApprovalRequest(id),
      scheduled: [
        {
          name: "runway-drift-checks",
          cron: process.env.RUNWAY_DRIFT_CRON || "*/15 * * * *",
          run: async () => {
            await getDriftService().checkAll();
            getStatusService().invalidate();
          },
        },
      ],
    });
    globals.runwayActionWorker = worker;
    // A worker that failed to start is dropped, so the next use starts a new one.
    worker.ready.catch(() => {
      if (globals.runwayActionWorker === worker) globals.runwayActionWorker = undefined;
    });
  }
  return globals.runwayActionWorker;
}

/** Resolves once this process works the queue (instrumentation.ts awaits it at boot to report a failed start). */
export async function getActionWorker(): Promise<ActionWorker> {
  const worker = getStartingWorker();
  await worker.ready;
  return worker;
}

/** At once, without waiting for the worker: requests and decisions enqueue as soon as the queue is up. */
export function getActionsContext(): ActionsContext {
  return getStartingWorker().context;
}
