// The activity feed (recorded events, newest first, filtered) and each environment's last deploy.
import type { EventQuery } from "../api/schemas";
import type { PrismaClient } from "../generated/prisma/client";
import type { EventKind } from "../api/events";
import type { EventDetails } from "./record-reading";
import type { DeployFactsView, EventPageView, EventView, LastDeployView } from "./views";

type EventRow = Awaited<ReturnType<PrismaClient["environmentEvent"]["findFirstOrThrow"]>>;

function toEventView(row: EventRow): EventView {
  const details = (row.details as EventDetails | null) ?? {};
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    environmentId: row.environmentId,
    environmentName: row.environmentName,
    projectId: row.projectId,
    projectName: row.projectName,
    kind: row.kind as EventKind,
    message: row.message,
    fromHealth: row.fromHealth,
    toHealth: row.toHealth,
    migrations: details.migrations ?? [],
    via: details.via ?? null,
    actionId: details.actionId ?? null,
    requestedBy: details.requestedBy ?? null,
    approvedBy: details.approvedBy ?? null,
  };
}

export async function queryEvents(prisma: PrismaClient, query: EventQuery): Promise<EventPageView> {
  const rows = await prisma.environmentEvent.findMany({
    where: {
      projectId: query.projectId,
      environmentId: query.environmentId,
      kind: query.kind,
      id: query.before ? { lt: BigInt(query.before) } : undefined,
    },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return { events: page.map(toEventView), nextBefore: rows.length > query.limit ? String(page.at(-1)!.id) : null };
}

/** The last deploy of each environment: the monitor's latest "deployed" event, else the latest deploy Runway ran. */
export async function readDeployFacts(prisma: PrismaClient, environmentIds: string[]): Promise<DeployFactsView> {
  const environments: Record<string, LastDeployView | null> = Object.fromEntries(
    environmentIds.map((id) => [id, null]),
  );
  if (environmentIds.length === 0) return { environments };
  const events = await prisma.$queryRaw<Array<{ environmentId: string; at: Date; details: EventDetails | null }>>`
    SELECT DISTINCT ON ("environmentId") "environmentId", at, details FROM "EnvironmentEvent"
     WHERE kind = 'deployed' AND "environmentId" = ANY(${environmentIds}) ORDER BY "environmentId", id DESC`;
  for (const e of events) {
    const d = e.details ?? {};
    environments[e.environmentId] = {
      at: e.at.toISOString(),
      via: d.via ?? "outside",
      requestedBy: d.requestedBy ?? null,
      approvedBy: d.approvedBy ?? null,
      migrations: d.migrations ?? [],
      actionId: d.actionId ?? null,
    };
  }
  const missing = environmentIds.filter((id) => environments[id] === null);
  if (missing.length > 0) {
    const actions = await prisma.action.findMany({
      where: { environmentId: { in: missing }, kind: "deploy", status: "succeeded" },
      orderBy: { finishedAt: "desc" },
      distinct: ["environmentId"],
    });
    for (const a of actions) {
      environments[a.environmentId] = {
        at: (a.finishedAt ?? a.createdAt).toISOString(),
        via: "runway",
        requestedBy: a.requestedByLabel,
        approvedBy: a.decidedByLabel,
        migrations: (a.result as { appliedMigrationNames?: string[] } | null)?.appliedMigrationNames ?? [],
        actionId: a.id,
      };
    }
  }
  return { environments };
}
