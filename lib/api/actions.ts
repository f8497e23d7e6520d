// Action kinds and statuses, defined once: types, zod enums and status checks come from these tuples (the Prisma
// enums in prisma/schema.prisma are checked against them by contract.test.ts).
import { z } from "zod";

export const ACTION_KINDS = ["resolve_rolled_back", "resolve_applied", "deploy"] as const;

export type ActionKind = (typeof ACTION_KINDS)[number];

export const actionKindSchema = z.enum(ACTION_KINDS);

/** The kinds that resolve one migration (they name it); the others act on the whole history. */
export const RESOLVE_KINDS = ["resolve_rolled_back", "resolve_applied"] as const satisfies readonly ActionKind[];

export type ResolveKind = (typeof RESOLVE_KINDS)[number];

export const ACTION_STATUSES = [
  "queued",
  "awaiting_approval",
  "running",
  "succeeded",
  "failed",
  "interrupted",
  "rejected",
] as const;

export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Statuses of an action that has not ended: it holds its environment's lock. */
export const OPEN_ACTION_STATUSES = [
  "queued",
  "awaiting_approval",
  "running",
] as const satisfies readonly ActionStatus[];

export type OpenActionStatus = (typeof OPEN_ACTION_STATUSES)[number];

export function isOpenStatus(status: ActionStatus | null | undefined): status is OpenActionStatus {
  return status !== null && status !== undefined && (OPEN_ACTION_STATUSES as readonly ActionStatus[]).includes(status);
}
