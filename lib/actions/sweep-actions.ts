// After a crash: actions whose worker stopped beating are marked interrupted and their environment released.
// The target's truth needs no repair: PostgreSQL dropped the dead session, so Prisma's lock is gone and the
// migration's row (finished or not) is what the status shows.
import { recordAudit } from "../audit/record-audit";
import type { PrismaClient } from "../generated/prisma/client";
import { expireApproval } from "./open-action";

export async function sweepInterruptedActions(prisma: PrismaClient, staleMs: number): Promise<string[]> {
  const cutoff = new Date(Date.now() - staleMs);
  const stale = await prisma.action.findMany({
    where: { status: "running", heartbeatAt: { lt: cutoff } },
    include: { environment: true },
  });
  const interrupted: string[] = [];
  for (const action of stale) {
    const marked = await prisma.$transaction(async (tx) => {
      const { count } = await tx.action.updateMany({
        where: { id: action.id, status: "running", heartbeatAt: { lt: cutoff } },
        data: {
          status: "interrupted",
          finishedAt: new Date(),
          error: {
            code: "interrupted",
            message:
              "The dashboard process running this action stopped before it finished. The environment's state is read from the database: check the migration's row, then resolve or deploy again.",
          },
        },
      });
      if (count === 1) await tx.environmentActionLock.deleteMany({ where: { actionId: action.id } });
      return count === 1;
    });
    if (!marked) continue;
    interrupted.push(action.id);
    await recordAudit(prisma, {
      event: "outcome",
      environment: { id: action.environmentId, name: action.environment.name },
      actionId: action.id,
      actionKind: action.kind,
      outcome: "interrupted",
      fingerprintBefore: action.expectedFingerprint,
      message: `worker ${action.workerId ?? "?"} stopped beating at ${action.heartbeatAt?.toISOString() ?? "?"}`,
    });
  }
  const expired = await prisma.action.findMany({
    where: { status: "awaiting_approval", approvalExpiresAt: { lte: new Date() } },
    select: { id: true },
  });
  for (const { id } of expired) await expireApproval(prisma, id);
  return interrupted;
}
