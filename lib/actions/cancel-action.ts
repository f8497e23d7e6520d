// The requester withdraws a request still waiting for approval (it never runs). Only the requester may.
import { recordAudit } from "../audit/record-audit";
import type { Actor, RequestOrigin } from "./actor";
import type { ActionsContext } from "./context";
import { ActionRefused } from "./errors";

export async function cancelAction(
  ctx: Pick<ActionsContext, "prisma">,
  actionId: string,
  actor: Actor,
  origin: RequestOrigin | null,
): Promise<void> {
  const action = await ctx.prisma.action.findUnique({ where: { id: actionId }, include: { environment: true } });
  if (!action) throw new ActionRefused("action_not_found", "No such action.", 404);
  if (action.requestedBy !== actor.key)
    throw new ActionRefused("not_requester", "Only the person who asked for it can cancel a request.", 403);
  if (action.status !== "awaiting_approval")
    throw new ActionRefused(
      "not_awaiting_approval",
      `This action is ${action.status.replace("_", " ")}: only a waiting request can be cancelled.`,
    );
  const cancelled = await ctx.prisma.$transaction(async (tx) => {
    const { count } = await tx.action.updateMany({
      where: { id: actionId, status: "awaiting_approval" },
      // Stored as rejected (never ran) with the code "cancelled": the status vocabulary stays the same.
      data: {
        status: "rejected",
        decidedBy: actor.key,
        decidedByLabel: actor.label,
        decidedAt: new Date(),
        finishedAt: new Date(),
        error: { code: "cancelled", message: `Cancelled by ${actor.label}, who asked for it.` },
      },
    });
    if (count === 1) await tx.environmentActionLock.deleteMany({ where: { actionId } });
    return count === 1;
  });
  if (!cancelled) throw new ActionRefused("not_awaiting_approval", "Someone decided on this action first.");
  await recordAudit(ctx.prisma, {
    event: "cancellation",
    actor,
    environment: { id: action.environmentId, name: action.environment.name },
    actionId,
    actionKind: action.kind,
    outcome: "cancelled",
    origin,
  });
}

/** Requests waiting for someone's approval that `actor` may give (not their own, not expired). */
export async function listWaitingFor(ctx: Pick<ActionsContext, "prisma">, actor: Actor) {
  const rows = await ctx.prisma.action.findMany({
    where: {
      status: "awaiting_approval",
      requestedBy: { not: actor.key },
      OR: [{ approvalExpiresAt: null }, { approvalExpiresAt: { gt: new Date() } }],
    },
    include: { environment: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
    take: 50,
  });
  return rows.map((a) => ({
    id: a.id,
    kind: a.kind,
    migrationName: a.migrationName,
    environmentId: a.environmentId,
    environmentName: a.environment.name,
    requestedByLabel: a.requestedByLabel,
    createdAt: a.createdAt.toISOString(),
  }));
}
