// The action worker of this dashboard process, started once (at boot by instrumentation.ts, or on first use).
import { startActionWorker, type ActionWorker } from "../actions/worker";
import { getServerEnv } from "./env";
import { getDriftService, getShadowProvider, startDriftCheck } from "./schema-runtime";
import { getRegistryContext, getStatusService } from "./services";

const globals = globalThis as unknown as { runwayActionWorker?: Promise<ActionWorker> };

export function getActionWorker(): Promise<ActionWorker> {
  globals.runwayActionWorker ??= startActionWorker(getRegistryContext(), {
    databaseUrl: getServerEnv().DATABASE_URL,
    staleMs: process.env.RUNWAY_ACTION_STALE_MS ? Number(process.env.RUNWAY_ACTION_STALE_MS) : undefined,
    shadow: async () => (await getShadowProvider())(),
    onEnvironmentChanged: (id) => {
      getStatusService().invalidate(id);
      // After every action: does the schema still match its migrations?
      void startDriftCheck(id).catch(() => {});
    },
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
  }).catch((error) => {
    globals.runwayActionWorker = undefined;
    throw error;
  });
  return globals.runwayActionWorker;
}

export async function getActionsContext() {
  return (await getActionWorker()).context;
}
