// This process's shadow database server and drift service, started on first use (a drift check, a dry run).
import os from "node:os";
import path from "node:path";
import { createDriftService, type DriftService } from "../schema/drift-service";
import type { DriftView } from "../schema/views";
import { startShadowServer, type ShadowServer } from "../schema/shadow-server";
import { getRegistryContext, getStatusService } from "./services";

const globals = globalThis as unknown as {
  runwayShadowServer?: Promise<ShadowServer>;
  runwayDriftService?: DriftService;
};

/** RUNWAY_SHADOW_DATABASE_URL, else an embedded PostgreSQL in `.data/shadow/<pid>` (RUNWAY_DATA_DIR overrides `.data`). */
export function getShadowServer(): Promise<ShadowServer> {
  globals.runwayShadowServer ??= startShadowServer({
    url: process.env.RUNWAY_SHADOW_DATABASE_URL || undefined,
    dataRoot: process.env.RUNWAY_DATA_DIR ?? path.join(process.cwd(), ".data"),
  }).catch((error) => {
    globals.runwayShadowServer = undefined;
    throw error;
  });
  return globals.runwayShadowServer;
}

export async function getShadowProvider() {
  return (await getShadowServer()).service.provide;
}

export function getDriftService(workerId = `${os.hostname()}:${process.pid}`): DriftService {
  globals.runwayDriftService ??= createDriftService(getRegistryContext(), {
    shadow: getShadowProvider,
    workerId,
    log: (line) => console.log(`[runway schema] ${line}`),
  });
  return globals.runwayDriftService;
}

/** Starts a check in the background; the status cache is dropped when it ends so health shows it at once. */
export function startDriftCheck(
  environmentId: string,
  options: { force?: boolean; onStarted?: (view: DriftView) => void } = {},
) {
  const job = getDriftService().checkDrift(environmentId, options);
  job.then(
    () => getStatusService().invalidate(environmentId),
    (error: Error) => console.error(`[runway schema] drift check failed: ${error.message.split("\n")[0]}`),
  );
  return job;
}
