// How many migrations are in each state, only the non-zero ones, in the vocabulary's order.
import type { MigrationState } from "@/lib/migrations/types";
import { STATE_META } from "./state-badge";

const ORDER: MigrationState[] = [
  "failed",
  "in_progress",
  "modified",
  "missing_locally",
  "edited_acknowledged",
  "rolled_back",
  "pending",
  "applied_manually",
  "applied",
];

export function StateCounts({ counts }: { counts: Record<MigrationState, number> }) {
  const present = ORDER.filter((state) => (counts[state] ?? 0) > 0);
  if (present.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Migrations by state">
      {present.map((state) => (
        <li
          key={state}
          data-state={state}
          className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATE_META[state].className}`}
        >
          <span aria-hidden="true">{STATE_META[state].icon}</span>
          <span className="tabular-nums">{counts[state]}</span> {STATE_META[state].label.toLowerCase()}
        </li>
      ))}
    </ul>
  );
}
