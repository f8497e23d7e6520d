// The environment's open action (the lock holder), and the expiry of unanswered approval requests.
import { recordAudit } from "../audit/record-audit";
import type { PrismaClient } from "../generated/prisma/client";
import type { RegistryContext } from "../environments/registry";
import type { ActionKind, ActionStatus, PreflightView } from "./views";

export async function findOpenAction(
  prisma: PrismaClient,
  environmentId: string,
): Promise<PreflightView["openAction"]> {
  const lock = await prisma.environmentActionLock.findUnique({ where: { environmentId }, include: { action: true } });
  if (!lock) return null;
  const a = lock.action;
  return {
    id: a.id,
    kind: a.kind as ActionKind,
    status: a.status as ActionStatus,
    requestedByLabel: a.requestedByLabel,
  };
}

/** Releases the environment when its open action is an approval request that nobody answered in time. */
export async function expireStaleApproval(ctx: RegistryContext, environmentId: string): Promise<void> {
  const lock = await ctx.prisma.environmentActionLock.findUnique({
    where: { environmentId },
    include: { action: true },
  });
  const action = lock?.action;
  if (
    !action ||
    action.status !== "awaiting_approval" ||
    !action.approvalExpiresAt ||
    action.approvalExpiresAt > new Date()
  )
    return;
  await expireApproval(ctx.prisma, action.id);
}

export async function expireApproval(prisma: PrismaClient, actionId: string): Promise<boolean> {
  const expired = await prisma.$transaction(async (tx) => {
    const { count } = await tx.action.updateMany({
      where: { id: actionId, status: "awaiting_approval", approvalExpiresAt: { lte: new Date() } },
      data: {
        status: "rejected",
        finishedAt: new Date(),
        error: { code: "approval_expired", message: "Nobody approved the request before it expired." },
      },
    });
    if (count === 1) await tx.environmentActionLock.deleteMany({ where: { actionId } });
    return count === 1;
  });
  if (expired) {
    const action = await prisma.action.findUniqueOrThrow({ where: { id: actionId }, include: { environment: true } });
    await recordAudit(prisma, {
      event: "rejection",
      environment: { id: action.environmentId, name: action.environment.name },
      actionId,
      actionKind: action.kind,
      outcome: "rejected",
      message: "approval_expired: nobody approved the request before it expired",
    });
  }
  return expired;
}
