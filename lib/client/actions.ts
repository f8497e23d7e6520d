// Wording and small pure rules of the guarded actions (resolve --rolled-back, resolve --applied, deploy), shared by
// the dialog, the live progress view and the Actions list.
import type { ActionKind, ActionLogLineView, ActionStatus, ActionView, PreflightRowChange } from "@/lib/actions/views";
import { hasRole, type Role } from "@/lib/api/roles";

export { isOpenStatus } from "@/lib/api/actions";

/** Operators and admins may ask for actions and approve them; viewers only read. */
export function canOperate(role: Role | null | undefined): boolean {
  return role ? hasRole(role, "operator") : false;
}

/** The status as people read it: `awaiting approval`, `succeeded`… (the text of the status badges). */
export function describeActionStatus(status: ActionStatus): string {
  return status.replace(/_/g, " ");
}

export const ACTION_KIND_META: Record<ActionKind, { label: string; button: string; submit: string; cli: string }> = {
  resolve_rolled_back: {
    label: "Mark rolled back",
    button: "Mark rolled back…",
    submit: "Mark rolled back",
    cli: "prisma migrate resolve --rolled-back",
  },
  resolve_applied: {
    label: "Mark applied",
    button: "Mark applied…",
    submit: "Mark applied",
    cli: "prisma migrate resolve --applied",
  },
  deploy: { label: "Deploy", button: "Deploy…", submit: "Deploy", cli: "prisma migrate deploy" },
};

export function describeActionKind(kind: ActionKind): string {
  return ACTION_KIND_META[kind]?.label ?? kind;
}

/** One sentence per `_prisma_migrations` change the preflight announces. */
export function describeRowChange(change: PreflightRowChange["change"]): string {
  switch (change) {
    case "set_rolled_back_at":
      return "Sets rolled_back_at on this failed row: the next deploy runs the migration again.";
    case "insert_applied_row":
      return "Inserts a row marked applied (finished_at set, applied_steps_count 0): the script never runs.";
    case "insert_and_run":
      return "Runs migration.sql and records a new row for it.";
    default:
      return String(change);
  }
}

/**
 * Follows an action: the route returns only the log lines after the last one we have, so each poll's lines are
 * appended to what the previous polls returned (deduplicated by id, in id order).
 */
export function mergeActionLog(previous: ActionView | undefined, next: ActionView): ActionView {
  if (!previous || previous.id !== next.id) return next;
  if (next.log.length === 0) return { ...next, log: previous.log };
  const lastId = previous.log.at(-1)?.id ?? 0;
  const seen = new Set(previous.log.map((line) => line.id));
  const added = next.log.filter((line) => !seen.has(line.id));
  const log: ActionLogLineView[] = added.every((line) => line.id > lastId)
    ? [...previous.log, ...added]
    : [...previous.log, ...added].sort((a, b) => a.id - b.id);
  return { ...next, log };
}

/** The id to send as `afterLogId` on the next poll. */
export function lastLogId(action: ActionView | undefined): number {
  return action?.log.at(-1)?.id ?? 0;
}
