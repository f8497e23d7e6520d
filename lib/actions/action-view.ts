// Action rows → the JSON of the action routes.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "./actor";
import type { ActionKind, ActionStatus, ActionView } from "./views";

export async function loadActionView(
  prisma: PrismaClient,
  id: string,
  viewer: Actor | null,
  afterLogId = 0,
): Promise<ActionView | null> {
  const action = await prisma.action.findUnique({
    where: { id },
    include: {
      environment: { select: { name: true } },
      logLines: { where: { id: { gt: BigInt(afterLogId) } }, orderBy: { id: "asc" }, take: 5000 },
    },
  });
  if (!action) return null;
  return {
    id: action.id,
    environmentId: action.environmentId,
    environmentName: action.environment.name,
    kind: action.kind as ActionKind,
    migrationName: action.migrationName,
    release: action.releaseChecksum ? { number: action.releaseNumber, checksum: action.releaseChecksum } : null,
    status: action.status as ActionStatus,
    requestedByLabel: action.requestedByLabel,
    requestedByRole: action.requestedByRole,
    requestedByMe: viewer?.key === action.requestedBy,
    expectedFingerprint: action.expectedFingerprint,
    fingerprintAfter: action.fingerprintAfter,
    approvalExpiresAt: action.approvalExpiresAt?.toISOString() ?? null,
    decidedByLabel: action.decidedByLabel,
    decidedAt: action.decidedAt?.toISOString() ?? null,
    error: (action.error as ActionView["error"]) ?? null,
    result: (action.result as ActionView["result"]) ?? null,
    createdAt: action.createdAt.toISOString(),
    startedAt: action.startedAt?.toISOString() ?? null,
    finishedAt: action.finishedAt?.toISOString() ?? null,
    log: action.logLines.map((l) => ({
      id: Number(l.id),
      at: l.at.toISOString(),
      level: l.level,
      message: l.message,
      migrationName: l.migrationName,
    })),
  };
}

export async function listEnvironmentActions(
  prisma: PrismaClient,
  environmentId: string,
  viewer: Actor | null,
): Promise<ActionView[]> {
  const rows = await prisma.action.findMany({
    where: { environmentId },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true },
  });
  const views = await Promise.all(rows.map((r) => loadActionView(prisma, r.id, viewer, Number.MAX_SAFE_INTEGER)));
  return views.filter((v): v is ActionView => v !== null);
}
