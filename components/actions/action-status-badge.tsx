// An action's status as a pill: the words are always visible (the text is exactly the status, `awaiting approval`),
// the glyph and color only repeat them.
import type { ActionStatus } from "@/lib/actions/views";
import { describeActionStatus } from "@/lib/client/actions";

const STATUS_STYLES: Record<ActionStatus, { icon: string; className: string; hint: string }> = {
  queued: {
    icon: "…",
    className:
      "bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800/70 dark:text-slate-200 dark:ring-slate-600",
    hint: "Accepted; a worker picks it up in a moment.",
  },
  awaiting_approval: {
    icon: "◷",
    className: "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950/60 dark:text-amber-200 dark:ring-amber-800",
    hint: "Protected environment: a second operator must approve it before it runs.",
  },
  running: {
    icon: "◔",
    className: "bg-blue-50 text-blue-900 ring-blue-300 dark:bg-blue-950/60 dark:text-blue-200 dark:ring-blue-800",
    hint: "Prisma's schema engine is working on the database right now.",
  },
  succeeded: {
    icon: "✓",
    className:
      "bg-emerald-50 text-emerald-900 ring-emerald-300 dark:bg-emerald-950/60 dark:text-emerald-200 dark:ring-emerald-800",
    hint: "Finished without error.",
  },
  failed: {
    icon: "✕",
    className: "bg-red-600 text-white ring-red-700 dark:bg-red-600 dark:text-white dark:ring-red-400",
    hint: "Stopped with an error; see the message and the log.",
  },
  interrupted: {
    icon: "⚠",
    className:
      "bg-orange-100 text-orange-950 ring-orange-400 dark:bg-orange-950/70 dark:text-orange-200 dark:ring-orange-700",
    hint: "The process running it stopped before it finished; check the migration's state.",
  },
  rejected: {
    icon: "⊘",
    className:
      "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800/70 dark:text-slate-300 dark:ring-slate-600",
    hint: "Rejected (or its approval expired): nothing ran.",
  },
};

interface ActionStatusBadgeProps {
  status: ActionStatus;
  /** `action-status` on the live view; the text node carries it so its text is exactly the status. */
  testId?: string;
  size?: "sm" | "md";
}

export function ActionStatusBadge({ status, testId, size = "md" }: ActionStatusBadgeProps) {
  const style = STATUS_STYLES[status] ?? STATUS_STYLES.queued;
  const sizing = size === "sm" ? "px-1.5 py-0.5 text-xs" : "px-2.5 py-1 text-sm";
  return (
    <span
      title={style.hint}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full font-semibold ring-1 ring-inset ${sizing} ${style.className}`}
    >
      <span aria-hidden="true" className={status === "running" ? "inline-block animate-spin" : undefined}>
        {style.icon}
      </span>
      <span data-testid={testId} data-status={status}>
        {describeActionStatus(status)}
      </span>
    </span>
  );
}
