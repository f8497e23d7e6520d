// What Runway's own tables say about the actions it ran on an environment: which migrations each deploy started
// and when (its "Applying `X`" log lines), when its log ended, who asked and who approved. The history groups
// attempts by these (lib/environments/deploy-history.ts) and times failed attempts with them.
import type { PrismaClient } from "../generated/prisma/client";
import type { RunwayRun } from "./deploy-history";

/** Actions that may have written `_prisma_migrations` rows: deploys, and resolve --applied (one row each). */
export async function readRunwayRuns(prisma: PrismaClient, environmentId: string): Promise<RunwayRun[]> {
  const actions = await prisma.action.findMany({
    where: { environmentId, kind: { in: ["deploy", "resolve_applied"] }, startedAt: { not: null } },
    select: {
      id: true,
      kind: true,
      migrationName: true,
      requestedByLabel: true,
      decidedByLabel: true,
      status: true,
      startedAt: true,
      finishedAt: true,
    },
    orderBy: { startedAt: "asc" },
  });
  if (actions.length === 0) return [];
  const ids = actions.map((a) => a.id);
  const [started, ended] = await Promise.all([
    prisma.actionLogLine.groupBy({
      by: ["actionId", "migrationName"],
      where: { actionId: { in: ids }, migrationName: { not: null } },
      _min: { at: true },
    }),
    prisma.actionLogLine.groupBy({ by: ["actionId"], where: { actionId: { in: ids } }, _max: { at: true } }),
  ]);
  const startedBy = new Map<string, Map<string, Date>>();
  for (const row of started) {
    if (!row.migrationName || !row._min.at) continue;
    const map = startedBy.get(row.actionId) ?? new Map<string, Date>();
    map.set(row.migrationName, row._min.at);
    startedBy.set(row.actionId, map);
  }
  const endedAt = new Map(ended.map((row) => [row.actionId, row._max.at]));
  return actions.map((action) => ({
    actionId: action.id,
    kind: action.kind as RunwayRun["kind"],
    requestedBy: action.requestedByLabel,
    // Approved: a protected environment's second operator (decidedBy is also who rejected, but a rejected action never started).
    approvedBy: action.decidedByLabel,
    startedAt: action.startedAt!,
    endedAt: endedAt.get(action.id) ?? action.finishedAt,
    migrations:
      action.kind === "deploy"
        ? (startedBy.get(action.id) ?? new Map())
        : new Map(action.migrationName ? [[action.migrationName, action.startedAt!]] : []),
  }));
}
