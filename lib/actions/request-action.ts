// The guarded entry point: an operator asks for an action on an environment. Every guard runs on the server;
// a refused request writes nothing to the target and is recorded in the audit log like an accepted one.
import { recordAudit } from "../audit/record-audit";
import { Prisma } from "../generated/prisma/client";
import { validateMigrationName } from "../migrations/folder";
import type { Actor, RequestOrigin } from "./actor";
import { preflightOnState, readFreshState, readReleaseState, type ActionsContext } from "./context";
import { newestRelease } from "../releases/release-folder";
import { refuseOutOfOrder } from "../releases/promotion";
import { ActionRefused } from "./errors";
import { expireStaleApproval, findOpenAction } from "./open-action";
import type { ActionAcceptedView } from "../api/responses";
import type { ActionKind } from "./views";

export interface ActionRequest {
  environmentId: string;
  kind: ActionKind;
  migration?: string | null;
  expectedFingerprint: string;
  confirmation?: string | null;
  /** Proceed although the dry run failed: the operator's reason, recorded in the audit log. */
  overrideReason?: string | null;
  /** deploy: the release to apply (default: the newest, i.e. the source) and the checksum the operator saw. */
  release?: number | null;
  releaseChecksum?: string | null;
}

const DEFAULT_APPROVAL_TTL_MS = 30 * 60 * 1000;

export async function requestAction(
  ctx: ActionsContext,
  request: ActionRequest,
  actor: Actor,
  origin: RequestOrigin | null,
): Promise<ActionAcceptedView> {
  const migrationName = request.kind === "deploy" ? null : (request.migration ?? "");
  let environment: { id: string; name: string } | null = null;
  let fingerprintBefore: string | null = null;
  try {
    if (request.kind !== "deploy") {
      const problem = validateMigrationName(migrationName ?? "");
      if (problem) throw new ActionRefused("invalid_migration_name", problem, 400);
    }
    const sourceState = await readFreshState(ctx, request.environmentId);
    const { target, status } = sourceState;
    environment = { id: target.environment.id, name: target.environment.name };
    fingerprintBefore = status.fingerprint;
    if (status.fingerprint !== request.expectedFingerprint)
      throw new ActionRefused(
        "stale_state",
        "The environment changed since you looked: review its current state and try again.",
      );
    await expireStaleApproval(ctx, request.environmentId);
    if (request.kind !== "deploy" && request.release)
      throw new ActionRefused("release_needs_deploy", "Only a deploy applies a release.", 400);
    // A chosen release is deployed from its own migrations; otherwise the source, which is the newest release.
    const chosen = request.release
      ? await readReleaseState(ctx, sourceState, request.release, request.releaseChecksum ?? null)
      : null;
    const state = chosen ?? sourceState;
    const newest = request.kind === "deploy" && !chosen ? await newestRelease(ctx.prisma, target.project.id) : null;
    const release = chosen ? chosen.release : newest ? { number: newest.number, checksum: newest.checksum } : null;
    if (request.kind === "deploy" && release) {
      const outOfOrder = await refuseOutOfOrder(ctx, target, release.number);
      if (outOfOrder) throw new ActionRefused(outOfOrder.code, outOfOrder.message);
    }
    const preflight = await preflightOnState(ctx, state, request.kind, migrationName);
    const reason = request.overrideReason?.trim() ?? "";
    let override: { refusal: string; reason: string; failure: unknown } | null = null;
    if (!preflight.allowed) {
      const refusal = preflight.refusal!;
      if (!refusal.overridable || reason === "") throw new ActionRefused(refusal.code, refusal.message);
      // Data-dependent failures and objects outside Prisma's model can differ between the target and its copy.
      override = { refusal: refusal.code, reason, failure: preflight.dryRun?.failure ?? null };
    }
    if (target.environment.isProtected && request.confirmation !== target.environment.name)
      throw new ActionRefused(
        "confirmation_required",
        `${target.environment.name} is protected: type its name to confirm.`,
        400,
      );

    const needsApproval = target.environment.isProtected;
    const action = await createActionHoldingLock(ctx, {
      environmentId: target.environment.id,
      kind: request.kind,
      migrationName,
      status: needsApproval ? "awaiting_approval" : "queued",
      requestedBy: actor.key,
      requestedByLabel: actor.label,
      requestedByRole: actor.role,
      expectedFingerprint: status.fingerprint,
      // Only a release the operator picked is applied from the release; the default deploys the source.
      releaseNumber: request.release ? release!.number : null,
      releaseChecksum: release?.checksum ?? null,
      approvalExpiresAt: needsApproval ? new Date(Date.now() + (ctx.approvalTtlMs ?? DEFAULT_APPROVAL_TTL_MS)) : null,
    });
    await recordAudit(ctx.prisma, {
      event: "request",
      actor,
      environment,
      actionId: action.id,
      actionKind: request.kind,
      outcome: needsApproval ? "awaiting_approval" : "accepted",
      arguments: {
        kind: request.kind,
        migration: migrationName,
        release: release ? { ...release, chosen: Boolean(request.release) } : null,
        rowChanges: preflight.rowChanges,
        warnings: preflight.warnings.map((w) => w.code),
        dryRun: preflight.dryRun
          ? { verdict: preflight.dryRun.verdict, failedMigration: preflight.dryRun.failure?.migrationName ?? null }
          : null,
        ...(override ? { override } : {}),
      },
      fingerprintBefore,
      origin,
    });
    if (!needsApproval) await ctx.enqueue(action.id);
    else ctx.onApprovalRequested?.(action.id);
    return { id: action.id, status: action.status as ActionAcceptedView["status"] };
  } catch (error) {
    if (error instanceof ActionRefused || (error as { code?: string }).code) {
      await recordAudit(ctx.prisma, {
        event: "refusal",
        actor,
        environment,
        actionKind: request.kind,
        outcome: "refused",
        arguments: {
          kind: request.kind,
          migration: migrationName,
          release: request.release ?? null,
          expectedFingerprint: request.expectedFingerprint,
        },
        fingerprintBefore,
        message: `${(error as { code?: string }).code}: ${(error as Error).message}`,
        origin,
      });
    }
    throw error;
  }
}

type NewAction = Omit<Prisma.ActionUncheckedCreateInput, "id">;

/** Inserts the action and its environment lock in one transaction: the lock's primary key admits one. */
async function createActionHoldingLock(ctx: ActionsContext, data: NewAction) {
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      const action = await tx.action.create({ data });
      await tx.environmentActionLock.create({ data: { environmentId: data.environmentId, actionId: action.id } });
      return action;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const open = await findOpenAction(ctx.prisma, data.environmentId);
      const who = open
        ? `${open.kind} requested by ${open.requestedByLabel} is ${open.status.replace("_", " ")}`
        : "another action holds it";
      throw new ActionRefused("environment_busy", `One action at a time on an environment: ${who}.`);
    }
    throw error;
  }
}
