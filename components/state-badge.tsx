// The eight migration states, each with its own label, glyph and color: the label is always visible text,
// so nothing depends on color alone.
import type { MigrationState } from "@/lib/migrations/types";

interface StateMeta {
  label: string;
  /** Decorative glyph; hidden from assistive technology (the label says the same). */
  icon: string;
  description: string;
  className: string;
}

export const STATE_META: Record<MigrationState, StateMeta> = {
  applied: {
    label: "Applied",
    icon: "✓",
    description: "Applied, and the file matches what ran.",
    className:
      "bg-emerald-50 text-emerald-900 ring-emerald-300 dark:bg-emerald-950/60 dark:text-emerald-200 dark:ring-emerald-800",
  },
  applied_manually: {
    label: "Applied manually",
    icon: "✎",
    description: "Marked applied with `migrate resolve --applied`: no script ran.",
    className: "bg-teal-50 text-teal-900 ring-teal-300 dark:bg-teal-950/60 dark:text-teal-200 dark:ring-teal-800",
  },
  pending: {
    label: "Pending",
    icon: "○",
    description: "Never attempted: the next deploy applies it.",
    className:
      "bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800/70 dark:text-slate-200 dark:ring-slate-600",
  },
  failed: {
    label: "Failed",
    icon: "✕",
    description: "An attempt failed and was not rolled back: deploy is blocked (P3009).",
    className: "bg-red-600 text-white ring-red-700 dark:bg-red-600 dark:text-white dark:ring-red-400",
  },
  in_progress: {
    label: "In progress",
    icon: "◔",
    description: "A deploy holding the migrate lock is applying it right now.",
    className: "bg-blue-50 text-blue-900 ring-blue-300 dark:bg-blue-950/60 dark:text-blue-200 dark:ring-blue-800",
  },
  rolled_back: {
    label: "Rolled back",
    icon: "↺",
    description: "Every attempt was rolled back: the next deploy applies it again.",
    className: "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950/60 dark:text-amber-200 dark:ring-amber-800",
  },
  modified: {
    label: "Modified",
    icon: "≠",
    description: "Applied, but the migration file was edited afterwards (checksum differs).",
    className:
      "bg-violet-50 text-violet-900 ring-violet-300 dark:bg-violet-950/60 dark:text-violet-200 dark:ring-violet-800",
  },
  edited_acknowledged: {
    label: "Edited (acknowledged)",
    icon: "≈",
    description:
      "Applied, then its file was edited; someone acknowledged this edit in Runway (Prisma still calls it modified). A new edit reads modified again.",
    className:
      "bg-slate-50 text-slate-800 ring-violet-200 dark:bg-slate-900/60 dark:text-slate-200 dark:ring-violet-900",
  },
  missing_locally: {
    label: "Missing locally",
    icon: "?",
    description: "Recorded in the database but absent from the migrations source.",
    className:
      "bg-fuchsia-50 text-fuchsia-900 ring-fuchsia-300 dark:bg-fuchsia-950/60 dark:text-fuchsia-200 dark:ring-fuchsia-800",
  },
};

export function describeState(state: MigrationState): string {
  return STATE_META[state]?.label ?? state;
}

interface StateBadgeProps {
  state: MigrationState;
  size?: "sm" | "md";
  className?: string;
}

/** The badge's look, for an element that is itself the badge (a link in the overview's matrix: fewer DOM nodes). */
export function stateBadgeClass(state: MigrationState, size: "sm" | "md" = "md"): string {
  const sizing = size === "sm" ? "px-1.5 py-0.5 text-xs" : "px-2 py-0.5 text-xs sm:text-sm";
  return `inline-flex items-center gap-1 whitespace-nowrap rounded-full font-medium ring-1 ring-inset ${sizing} ${STATE_META[state]?.className ?? ""}`;
}

export function StateBadge({ state, size = "md", className = "" }: StateBadgeProps) {
  const meta = STATE_META[state] ?? { label: state, icon: "•", description: state, className: "" };
  return (
    <span data-state={state} title={meta.description} className={`${stateBadgeClass(state, size)} ${className}`}>
      <span aria-hidden="true">{meta.icon}</span>
      {meta.label}
    </span>
  );
}
