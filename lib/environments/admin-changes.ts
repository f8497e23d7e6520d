// What every admin change of the registry shares: who made it, and the refusal while an action is in flight.
import type { Actor, RequestOrigin } from "../actions/actor";
import type { Prisma } from "../generated/prisma/client";
import { RegistryError } from "./errors";

/** Options of a transaction that writes audit events: writers queue on the audit chain's lock, give them time. */
export const AUDITED_TRANSACTION = { maxWait: 10_000, timeout: 20_000 } as const;

/** Who made an admin change and from where, for the audit log (null actor: the system). */
export interface ChangedBy {
  actor: Actor | null;
  origin: RequestOrigin | null;
}

/**
 * Locks the environments' rows until the transaction ends, then refuses (409 environment_busy) when one of them has
 * an action queued, awaiting approval or running. FOR UPDATE conflicts with the FOR KEY SHARE lock that inserting an
 * action (and its lock row) takes on the environment, so no action can start between this check and the commit.
 * Rows are locked in id order, so two changes of overlapping sets cannot deadlock.
 */
export async function lockIdleEnvironments(
  tx: Prisma.TransactionClient,
  environmentIds: string[],
  what: string,
): Promise<void> {
  if (environmentIds.length === 0) return;
  await tx.$queryRaw`SELECT id FROM "Environment" WHERE id = ANY(${environmentIds}) ORDER BY id FOR UPDATE`;
  const busy = await tx.environmentActionLock.findFirst({
    where: { environmentId: { in: environmentIds } },
    include: { action: true, environment: { select: { name: true } } },
  });
  if (busy) throw environmentBusy(busy.environment.name, busy.action, what);
}

export function environmentBusy(
  environmentName: string,
  action: { id: string; kind: string; status: string; requestedByLabel: string },
  what: string,
): RegistryError {
  const kind = action.kind.replaceAll("_", " ");
  const status = action.status.replaceAll("_", " ");
  return new RegistryError(
    "conflict",
    "environment_busy",
    `Cannot ${what} while a ${kind} requested by ${action.requestedByLabel} is ${status} on ${environmentName} (action ${action.id}): let it finish, or cancel or reject it first.`,
  );
}
