// How present a statement's effect is in the database now, as an icon and words (never colour alone).
import type { StatementAnalysis } from "@/lib/diagnosis/views";

type PresenceValue = StatementAnalysis["presence"];

const PRESENCE_META: Record<PresenceValue, { icon: string; label: string; className: string }> = {
  present: {
    icon: "●",
    label: "present",
    className:
      "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-200",
  },
  absent: {
    icon: "○",
    label: "absent",
    className:
      "border-slate-300 bg-slate-50 text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200",
  },
  partial: {
    icon: "◐",
    label: "partial",
    className:
      "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200",
  },
  unknown: {
    icon: "?",
    label: "unknown",
    className: "border-border bg-subtle text-muted",
  },
};

export function PresenceBadge({ presence }: { presence: PresenceValue }) {
  const meta = PRESENCE_META[presence] ?? PRESENCE_META.unknown;
  return (
    <span
      data-presence={presence}
      className={`inline-flex shrink-0 items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium ${meta.className}`}
    >
      <span aria-hidden="true">{meta.icon}</span>
      {meta.label}
    </span>
  );
}
