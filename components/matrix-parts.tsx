// Pieces the matrix's two layouts share: the wide grid (matrix-grid.tsx) and the phone list (matrix-list.tsx).
import type { MatrixColumn, MatrixItem, MatrixRow } from "@/lib/environments/overview-matrix";
import { describeRun } from "@/lib/environments/overview-matrix";
import type { EnvironmentSummaryView } from "@/lib/environments/views";
import { LockIcon } from "./lock-icon";
import { describeState } from "./state-badge";

/** A column: the rules' view of an environment and its card's summary (name, protection, drift, health). */
export interface MatrixColumnView extends MatrixColumn {
  summary: EnvironmentSummaryView;
}

/** A jump to a row asked by the toolbar; `seq` tells two jumps to the same row apart. */
export interface MatrixJump {
  name: string;
  column: number;
  seq: number;
}

export function itemKey(item: MatrixItem): string {
  return item.kind === "run" ? `run:${item.key}` : item.row.name;
}

/** Opaque backgrounds: the grid's sticky first column sits over the scrolled cells. */
export function rowTone(row: MatrixRow): string {
  if (row.failed) return "bg-red-50 dark:bg-[#2a1517]";
  if (row.differs || row.blocked) return "bg-amber-50 dark:bg-[#251f10]";
  return "bg-surface";
}

const TAG = "whitespace-nowrap rounded border px-1 font-sans text-[0.6875rem] font-medium";

export function RowTags({ row }: { row: MatrixRow }) {
  return (
    <>
      {row.differs ? (
        <span
          className={`${TAG} border-amber-500 text-amber-900 dark:border-amber-600 dark:text-amber-200`}
          title="Not in the same state in every managed environment"
        >
          differs
        </span>
      ) : null}
      {row.blocked ? (
        <span
          className={`${TAG} border-red-500 text-red-900 dark:border-red-600 dark:text-red-200`}
          title="Pending where a failed migration blocks deploys (P3009): it cannot be applied until that is resolved"
        >
          blocked
        </span>
      ) : null}
    </>
  );
}

export function runLabel(item: Extract<MatrixItem, { kind: "run" }>, columns: MatrixColumn[]): string {
  return describeRun(item.rows, columns, describeState);
}

/** Why a column does not count in "differs": not read, or no `_prisma_migrations` table. */
export function unmanagedReason(column: MatrixColumnView): string | null {
  if (column.managed) return null;
  return column.summary.reachable ? "not managed" : "not read";
}

/** Protected, drifted and not-managed marks under an environment's name. */
export function ColumnMarks({ column }: { column: MatrixColumnView }) {
  const reason = unmanagedReason(column);
  const environment = column.summary.environment;
  return (
    <>
      {environment.isProtected ? (
        <span title="Protected" className="inline-flex text-amber-700 dark:text-amber-300">
          <LockIcon />
          <span className="sr-only">(protected)</span>
        </span>
      ) : null}
      {column.summary.health === "drifted" ? (
        <span
          title="Schema drift: the live schema differs from its applied migrations"
          data-testid={`matrix-drift-${environment.name}`}
          className="rounded bg-amber-100 px-1 text-xs font-medium text-amber-950 dark:bg-amber-950/70 dark:text-amber-200"
        >
          ≈ drifted
        </span>
      ) : null}
      {reason ? (
        <span
          title="Not counted when deciding whether a migration differs between environments"
          className="rounded bg-subtle px-1 text-xs font-medium text-muted"
        >
          {reason}
        </span>
      ) : null}
    </>
  );
}
