// The second person on a protected environment: approve (the action is queued) or reject (it never runs).
import { recordAudit } from "../audit/record-audit";
import { getEnvironmentTarget } from "../environments/registry";
import { refuseOutOfOrder } from "../releases/promotion";
import { newestRelease } from "../releases/release-folder";
import { personKey, type Actor, type RequestOrigin } from "./actor";
import type { ActionsContext } from "./context";
import { ActionRefused } from "./errors";
import { expireApproval } from "./open-action";

async function loadWaiting(ctx: ActionsContext, actionId: string, actor: Actor) {
  const action = await ctx.prisma.action.findUnique({ where: { id: actionId }, include: { environment: true } });
  if (!action) throw new ActionRefused("action_not_found", "No such action.", 404);
  if (action.status === "awaiting_approval" && action.approvalExpiresAt && action.approvalExpiresAt <= new Date()) {
    await expireApproval(ctx.prisma, actionId);
    throw new ActionRefused("approval_expired", "This request expired before anyone approved it: ask for it again.");
  }
  if (action.status !== "awaiting_approval")
    throw new ActionRefused(
      "not_awaiting_approval",
      `This action is ${action.status.replace("_", " ")}, not waiting for approval.`,
    );
  if ((await requesterPerson(ctx, action.requestedBy)) === personKey(actor))
    throw new ActionRefused(
      "self_approval",
      "Someone other than the requester must decide on it (a token acts for the person who created it).",
      403,
    );
  return action;
}

/** `user:<id>` of whoever asked: a token's requests belong to the token's owner. */
async function requesterPerson(ctx: ActionsContext, requestedBy: string): Promise<string> {
  if (!requestedBy.startsWith("token:")) return requestedBy;
  const token = await ctx.prisma.apiToken.findUnique({
    where: { id: requestedBy.slice("token:".length) },
    select: { createdById: true },
  });
  return personKey({ key: requestedBy, userId: token?.createdById ?? null });
}

/** Records a refused decision (self-approval, expired, decided already) before passing the refusal on. */
async function auditRefusal<T>(
  ctx: ActionsContext,
  actionId: string,
  actor: Actor,
  origin: RequestOrigin | null,
  attempt: () => Promise<T>,
): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof ActionRefused) {
      const action = await ctx.prisma.action.findUnique({ where: { id: actionId }, include: { environment: true } });
      await recordAudit(ctx.prisma, {
        event: "refusal",
        actor,
        environment: action ? { id: action.environmentId, name: action.environment.name } : null,
        actionId: action ? actionId : null,
        actionKind: action?.kind ?? null,
        outcome: "refused",
        message: `${error.code}: ${error.message}`,
        origin,
      });
    }
    throw error;
  }
}

export async function approveAction(ctx: ActionsContext, actionId: string, actor: Actor, origin: RequestOrigin | null) {
  return auditRefusal(ctx, actionId, actor, origin, () => approveWaiting(ctx, actionId, actor, origin));
}

async function approveWaiting(ctx: ActionsContext, actionId: string, actor: Actor, origin: RequestOrigin | null) {
  const action = await loadWaiting(ctx, actionId, actor);
  // The promotion order as it stands now: enforcement may have been turned on, or the environment before may have
  // moved, since the request. Refused here, the request keeps waiting (the requester may cancel it).
  // A default deploy (no release picked) applies the newest release as it is when it runs: checked as that one.
  if (action.kind === "deploy") {
    const target = await getEnvironmentTarget(ctx, action.environmentId);
    const releaseNumber = action.releaseNumber ?? (await newestRelease(ctx.prisma, target.project.id))?.number;
    const outOfOrder = releaseNumber === undefined ? null : await refuseOutOfOrder(ctx, target, releaseNumber);
    if (outOfOrder) throw new ActionRefused(outOfOrder.code, outOfOrder.message);
  }
  const { count } = await ctx.prisma.action.updateMany({
    where: { id: actionId, status: "awaiting_approval" },
    data: { status: "queued", decidedBy: actor.key, decidedByLabel: actor.label, decidedAt: new Date() },
  });
  if (count !== 1) throw new ActionRefused("not_awaiting_approval", "Someone else decided on this action first.");
  await recordAudit(ctx.prisma, {
    event: "approval",
    actor,
    environment: { id: action.environmentId, name: action.environment.name },
    actionId,
    actionKind: action.kind,
    outcome: "approved",
    arguments: { requestedBy: action.requestedByLabel, migration: action.migrationName },
    fingerprintBefore: action.expectedFingerprint,
    origin,
  });
  await ctx.enqueue(actionId);
}

export async function rejectAction(
  ctx: ActionsContext,
  actionId: string,
  actor: Actor,
  origin: RequestOrigin | null,
  reason: string | null,
) {
  return auditRefusal(ctx, actionId, actor, origin, () => rejectWaiting(ctx, actionId, actor, origin, reason));
}

async function rejectWaiting(
  ctx: ActionsContext,
  actionId: string,
  actor: Actor,
  origin: RequestOrigin | null,
  reason: string | null,
) {
  const action = await ctx.prisma.action.findUnique({ where: { id: actionId }, include: { environment: true } });
  if (!action) throw new ActionRefused("action_not_found", "No such action.", 404);
  if (action.status !== "awaiting_approval")
    throw new ActionRefused(
      "not_awaiting_approval",
      `This action is ${action.status.replace("_", " ")}, not waiting for approval.`,
    );
  const rejected = await ctx.prisma.$transaction(async (tx) => {
    const { count } = await tx.action.updateMany({
      where: { id: actionId, status: "awaiting_approval" },
      data: {
        status: "rejected",
        decidedBy: actor.key,
        decidedByLabel: actor.label,
        decidedAt: new Date(),
        finishedAt: new Date(),
        error: {
          code: "rejected",
          message: reason ? `Rejected by ${actor.label}: ${reason}` : `Rejected by ${actor.label}.`,
        },
      },
    });
    if (count === 1) await tx.environmentActionLock.deleteMany({ where: { actionId } });
    return count === 1;
  });
  if (!rejected) throw new ActionRefused("not_awaiting_approval", "Someone else decided on this action first.");
  await recordAudit(ctx.prisma, {
    event: "rejection",
    actor,
    environment: { id: action.environmentId, name: action.environment.name },
    actionId,
    actionKind: action.kind,
    outcome: "rejected",
    message: reason,
    origin,
  });
}
