// Wording and small pure rules of the guarded actions (resolve --rolled-back, resolve --applied, deploy), shared by
// the dialog, the live progress view and the Actions list.
import type {
  ActionKind,
  ActionLogLineView,
  ActionStatus,
  ActionView,
  PreflightRowChange,
  PreflightView,
} from "@/lib/actions/views";
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

/** Consecutive row changes of one kind, as one group: a deploy's 180 "insert and run" rows read as one line. */
export function groupRowChanges(
  rows: PreflightRowChange[],
): Array<{ change: PreflightRowChange["change"]; rows: PreflightRowChange[] }> {
  const groups: Array<{ change: PreflightRowChange["change"]; rows: PreflightRowChange[] }> = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last.change === row.change) last.rows.push(row);
    else groups.push({ change: row.change, rows: [row] });
  }
  return groups;
}

/** What the request dialog knows when it decides whether its submit button may be pressed. */
export interface SubmitState {
  preflight: PreflightView | undefined;
  /** The preflight is being computed (first time, or again). */
  loading: boolean;
  /** A failed dry run is being overridden, and the reason typed so far. */
  overriding: boolean;
  overrideReason: string;
  confirmation: string;
  sending: boolean;
}

/**
 * Why the submit button is disabled, in words shown next to it (and read with it: aria-describedby); null when it
 * may be pressed. The first unmet condition, in the order a person meets them.
 */
export function describeSubmitBlocker(state: SubmitState): string | null {
  const { preflight } = state;
  if (state.sending) return "Sending the request…";
  if (!preflight)
    return state.loading
      ? "Waiting for the preflight to be computed…"
      : "The preflight could not be computed: retry it above.";
  if (state.loading) return "Waiting for the preflight to be recomputed…";
  if (preflight.openAction) return "Another action is open on this environment: wait for it to end (or be rejected).";
  if (!preflight.allowed && !state.overriding)
    return `Refused (${preflight.refusal?.code ?? "not allowed"}): see why above.`;
  if (state.overriding && state.overrideReason.trim() === "")
    return "Give a reason for deploying despite the failed dry run.";
  if (preflight.isProtected && state.confirmation !== preflight.environmentName)
    return `Type ${preflight.environmentName} to confirm.`;
  return null;
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
