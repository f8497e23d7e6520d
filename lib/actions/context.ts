// What the action functions need: Runway's state, the key that decrypts URLs, and the job queue.
import type { RegistryContext } from "../environments/registry";
import { getEnvironmentTarget } from "../environments/registry";
import { loadMigrationsSource } from "../environments/sources";
import { readMigrationStatus } from "../migrations/status";
import type { MigrationsFolder } from "../migrations/types";

export interface ActionsContext extends RegistryContext {
  /** Hands an action to the job queue (pg-boss); a worker in any dashboard process runs it. */
  enqueue(actionId: string): Promise<void>;
  /** Called when an action may have changed an environment (drop cached status). */
  onEnvironmentChanged?(environmentId: string): void;
  /** Called when a protected environment's request starts waiting for a second person (notifications). */
  onApprovalRequested?(actionId: string): void;
  /** How long a protected environment's request waits for a second person (default 30 minutes). */
  approvalTtlMs?: number;
}

const EMPTY_FOLDER: MigrationsFolder = { dir: "", migrations: [], lockfile: null, problems: [] };

/** The environment's state read now (never from the cache): what guards and the runner decide on. */
export async function readFreshState(ctx: RegistryContext, environmentId: string) {
  const target = await getEnvironmentTarget(ctx, environmentId);
  const source = await loadMigrationsSource(ctx, target.project);
  const status = await readMigrationStatus(target.url, source.folder ?? EMPTY_FOLDER, {
    connectTimeoutMs: target.environment.connectTimeoutMs,
    statementTimeoutMs: target.environment.statementTimeoutMs,
  });
  return { target, folder: source.folder, status };
}
