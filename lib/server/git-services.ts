// Git sources for route handlers and the runtime: their context (clone cache under RUNWAY_DATA_DIR/git, bounds
// from the environment) and the queue that webhooks and a busy "Fetch now" put fetches on.
import path from "node:path";
import type { GitSourceContext } from "../git-source/context";
import { requestGitFetch } from "../git-source/git-schedule";
import { getActionWorker } from "./action-runtime";
import { getServerEnv } from "./env";
import { getRegistryContext } from "./services";

export function getGitSourceContext(): GitSourceContext {
  const env = getServerEnv();
  return {
    ...getRegistryContext(),
    gitCacheDir: path.join(env.dataDir, "git"),
    gitIntervalSeconds: env.RUNWAY_GIT_FETCH_INTERVAL_S,
    gitLimits: {
      timeoutMs: env.RUNWAY_GIT_FETCH_TIMEOUT_S * 1000,
      maxFetchBytes: env.RUNWAY_GIT_MAX_FETCH_MB * 1024 * 1024,
    },
  };
}

/** Queues a fetch on the job queue (any process's git worker runs it); false: one is already waiting. */
export async function queueGitFetch(projectId: string, reason: string): Promise<boolean> {
  const worker = await getActionWorker();
  return requestGitFetch(worker.boss, projectId, reason);
}
