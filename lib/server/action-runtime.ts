// The action worker of this dashboard process, started once (at boot by instrumentation.ts, or on first use).
import { startActionWorker, type ActionWorker } from "../actions/worker";
import { getServerEnv } from "./env";
import { announceApprovalRequest, readEnvironmentSoon } from "./oncall-runtime";
import { getRegistryContext, getStatusService } from "./services";

const globals = globalThis as unknown as { runwayActionWorker?: Promise<ActionWorker> };

export function getActionWorker(): Promise<ActionWorker> {
  globals.runwayActionWorker ??= startActionWorker(getRegistryContext(), {
    databaseUrl: getServerEnv().DATABASE_URL,
    staleMs: process.env.RUNWAY_ACTION_STALE_MS ? Number(process.env.RUNWAY_ACTION_STALE_MS) : undefined,
    onEnvironmentChanged: (id) => {
      getStatusService().invalidate(id);
      readEnvironmentSoon(id);
    },
    onApprovalRequested: (id) => announceApprovalRequest(id),
  }).catch((error) => {
    globals.runwayActionWorker = undefined;
    throw error;
  });
  return globals.runwayActionWorker;
}

export async function getActionsContext() {
  return (await getActionWorker()).context;
}
