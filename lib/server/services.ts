// Process-wide instances for route handlers and pages (kept on globalThis so dev reloads reuse them).
import { createStatusService, type StatusService } from "../environments/status-service";
import type { RegistryContext } from "../environments/registry";
import { getPrisma } from "./db";
import { getServerEnv } from "./env";

const globals = globalThis as unknown as { runwayStatusService?: StatusService };

export function getRegistryContext(): RegistryContext {
  const env = getServerEnv();
  return { prisma: getPrisma(), secretKey: env.secretKey, sourceRoots: env.sourceRoots };
}

export function getStatusService(): StatusService {
  globals.runwayStatusService ??= createStatusService(getRegistryContext(), {
    ttlMs: getServerEnv().RUNWAY_STATUS_TTL_MS,
    overviewBudgetMs: getServerEnv().RUNWAY_OVERVIEW_BUDGET_MS,
  });
  return globals.runwayStatusService;
}
