// Stores a reading of an environment and the events it implies, serialised per environment across processes
// (the MonitorState row is locked while comparing), so each change is recorded once.
import type { EnvironmentStatusView } from "../environments/views";
import type { PrismaClient } from "../generated/prisma/client";
import { deriveEvents, toSnapshot, type MonitorSnapshot } from "./derive-events";
import type { EventKind } from "./event-kinds";

export interface RecordedEvent {
  id: bigint;
  at: Date;
  environmentId: string;
  environmentName: string;
  projectId: string;
  projectName: string;
  isProtected: boolean;
  kind: EventKind;
  message: string;
  details: EventDetails;
}

export interface EventDetails {
  migrations?: string[];
  actionId?: string;
  requestedBy?: string;
  approvedBy?: string | null;
  /** deploys: "runway" (an action) or "outside" (the CLI, CI…) */
  via?: "runway" | "outside";
  error?: { code: string; title: string } | null;
  fromHealth?: string | null;
  toHealth?: string | null;
}

export async function recordReading(
  prisma: PrismaClient,
  status: EnvironmentStatusView,
  defaultIntervalSeconds = 60,
): Promise<RecordedEvent[]> {
  const env = status.environment;
  const created = await prisma.$transaction(async (tx) => {
    const lock = () => tx.$queryRaw<Array<{ snapshot: MonitorSnapshot | null; checkedAt: Date | null }>>`
      SELECT snapshot, "checkedAt" FROM "MonitorState" WHERE "environmentId" = ${env.id} FOR UPDATE`;
    let [row] = await lock();
    if (!row) {
      // Read before the monitor's tick saw the environment (readNow right after it was added); not once removed.
      await tx.$executeRaw`INSERT INTO "MonitorState" ("environmentId", "intervalSeconds")
        SELECT ${env.id}, ${defaultIntervalSeconds}
         WHERE EXISTS (SELECT 1 FROM "Environment" WHERE id = ${env.id} AND "archivedAt" IS NULL)
        ON CONFLICT DO NOTHING`;
      [row] = await lock();
      if (!row) return [];
    }
    const previous = row.snapshot ?? null;
    // A reading that finished after a newer one was recorded says nothing new.
    if (previous && previous.checkedAt > status.checkedAt) return [];
    // The target changed since this reading began (a new URL or schema: the state was reset at that time, see
    // lib/environments/edit-environment.ts): what it read is the old database's state.
    if (!previous && row.checkedAt && row.checkedAt.getTime() > Date.parse(status.checkedAt)) return [];
    const derived = deriveEvents(previous, status);
    await tx.monitorState.update({
      where: { environmentId: env.id },
      data: {
        snapshot: toSnapshot(status, previous) as object,
        health: status.health,
        checkedAt: new Date(status.checkedAt),
        readCount: { increment: 1 },
      },
    });
    const events: RecordedEvent[] = [];
    for (const e of derived) {
      const details: EventDetails = {
        migrations: e.migrations,
        fromHealth: e.fromHealth,
        toHealth: e.toHealth,
        error: status.error && { code: status.error.code, title: status.error.title },
      };
      if (e.kind === "deployed")
        Object.assign(details, await attributeDeploy(tx as unknown as PrismaClient, env.id, e.migrations));
      const inserted = await tx.environmentEvent.create({
        data: {
          environmentId: env.id,
          environmentName: env.name,
          projectId: env.projectId,
          projectName: env.projectName,
          isProtected: env.isProtected,
          kind: e.kind,
          fromHealth: e.fromHealth,
          toHealth: e.toHealth,
          message: e.message,
          details: details as object,
        },
      });
      events.push(toRecordedEvent(inserted));
    }
    return events;
  });
  return created;
}

/** A deploy made through Runway names its requester and approver; anything else was made outside. */
async function attributeDeploy(
  prisma: PrismaClient,
  environmentId: string,
  migrations: string[],
): Promise<EventDetails> {
  const actions = await prisma.action.findMany({
    where: { environmentId, kind: "deploy", status: { in: ["succeeded", "failed", "running"] } },
    orderBy: { createdAt: "desc" },
    take: 5,
  });
  const match = actions.find((a) => {
    const applied = (a.result as { appliedMigrationNames?: string[] } | null)?.appliedMigrationNames ?? [];
    return a.status === "running" || applied.some((m) => migrations.includes(m));
  });
  if (!match) return { via: "outside" };
  return { via: "runway", actionId: match.id, requestedBy: match.requestedByLabel, approvedBy: match.decidedByLabel };
}

type EventRow = Awaited<ReturnType<PrismaClient["environmentEvent"]["create"]>>;

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    at: row.at,
    environmentId: row.environmentId,
    environmentName: row.environmentName,
    projectId: row.projectId,
    projectName: row.projectName,
    isProtected: row.isProtected,
    kind: row.kind as EventKind,
    message: row.message,
    details: (row.details as EventDetails | null) ?? {},
  };
}

/** An event that is not a change of state read from the database (an approval request). */
export async function recordEvent(
  prisma: PrismaClient,
  environment: { id: string; name: string; projectId: string; projectName: string; isProtected: boolean },
  kind: EventKind,
  message: string,
  details: EventDetails,
): Promise<RecordedEvent> {
  const row = await prisma.environmentEvent.create({
    data: {
      environmentId: environment.id,
      environmentName: environment.name,
      projectId: environment.projectId,
      projectName: environment.projectName,
      isProtected: environment.isProtected,
      kind,
      message,
      details: details as object,
    },
  });
  return toRecordedEvent(row);
}
