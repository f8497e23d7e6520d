"use client";
// Migrations × environments: which migration is in which state where, so "prod is behind" or "failed only in
// prod" stands out. Rows the same in every managed environment fold into runs ("412 migrations applied
// everywhere"); a row "differs" only when managed environments disagree (an environment not read, or without
// `_prisma_migrations`, does not make every row differ). A grid on wide screens, a list on phones.
import { useDeferredValue, useId, useMemo, useState } from "react";
import {
  analyseMatrix,
  buildMatrixItems,
  findFirstProblem,
  matchesFilter,
  problemColumn,
  toMatrixColumn,
  type MatrixFilter,
} from "@/lib/environments/overview-matrix";
import type { EnvironmentSummaryView, MatrixView } from "@/lib/environments/views";
import { DEFAULT_MATRIX_FILTER } from "@/lib/client/matrix-filter";
import { useMediaQuery } from "@/lib/client/use-media-query";
import { MatrixGrid } from "./matrix-grid";
import { MatrixList } from "./matrix-list";
import type { MatrixColumnView, MatrixJump } from "./matrix-parts";
import { MatrixToolbar } from "./matrix-toolbar";
import { buttonClass } from "./ui";

/** From this width the matrix is a grid with a column per environment; below, a list (phones). */
export const MATRIX_GRID_QUERY = "(min-width: 768px)";

interface MigrationMatrixProps {
  projectName: string;
  matrix: MatrixView;
  environments: EnvironmentSummaryView[];
  filter: MatrixFilter;
  onFilterChange: (filter: MatrixFilter) => void;
}

export function MigrationMatrix({ projectName, matrix, environments, filter, onFilterChange }: MigrationMatrixProps) {
  const idPrefix = `matrix${useId().replace(/:/g, "")}`;
  const wide = useMediaQuery(MATRIX_GRID_QUERY, true);
  const columns = useMemo<MatrixColumnView[]>(() => {
    const byId = new Map(environments.map((summary) => [summary.environment.id, summary]));
    return matrix.environmentIds.flatMap((id) => {
      const summary = byId.get(id);
      return summary ? [{ ...toMatrixColumn(summary), summary }] : [];
    });
  }, [matrix.environmentIds, environments]);
  const rows = useMemo(() => analyseMatrix(matrix, columns), [matrix, columns]);
  const counts = useMemo(
    () => ({
      total: rows.length,
      differing: rows.filter((row) => row.differs).length,
      failed: rows.filter((row) => row.failed || row.blocked).length,
    }),
    [rows],
  );
  const firstProblem = useMemo(() => findFirstProblem(rows), [rows]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  // Typing stays responsive: the rows follow the search a moment later if rendering them takes a while.
  const shownFilter = useDeferredValue(filter);
  const items = useMemo(() => buildMatrixItems(rows, shownFilter, expanded), [rows, shownFilter, expanded]);
  const shownRows = items.reduce((n, item) => n + (item.kind === "row" ? 1 : item.expanded ? 0 : item.rows.length), 0);
  const [jump, setJump] = useState<MatrixJump | null>(null);

  if (rows.length === 0) {
    return <p className="text-sm text-muted">No migrations in the source or in any database of {projectName} yet.</p>;
  }

  const toggleRun = (key: string) =>
    setExpanded((open) => {
      const next = new Set(open);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const jumpToFirstProblem = () => {
    if (!firstProblem) return;
    // The problem is hidden by the filter: show everything again, then go there.
    if (!matchesFilter(firstProblem, filter)) onFilterChange(DEFAULT_MATRIX_FILTER);
    setJump((previous) => ({
      name: firstProblem.name,
      column: problemColumn(firstProblem, columns),
      seq: (previous?.seq ?? 0) + 1,
    }));
  };

  const helpId = `${idPrefix}-help`;
  const excluded = columns.filter((column) => !column.managed).length;
  const Layout = wide ? MatrixGrid : MatrixList;
  return (
    <div className="space-y-3">
      <MatrixToolbar
        idPrefix={idPrefix}
        filter={filter}
        onFilterChange={onFilterChange}
        counts={counts}
        onJump={jumpToFirstProblem}
        canJump={firstProblem !== null}
      />
      <p id={helpId} className="text-xs text-muted">
        <span role="status">
          {shownRows === rows.length
            ? `${rows.length.toLocaleString("en-US")} migrations`
            : `${shownRows.toLocaleString("en-US")} of ${rows.length.toLocaleString("en-US")} migrations shown`}
        </span>
        , in deploy order. “Differs”: not in the same state in every managed environment
        {excluded > 0 ? ` (${excluded} not read or not managed, left out)` : ""}.
      </p>
      {items.length === 0 ? (
        <div className="flex flex-wrap items-center gap-3 rounded-lg border border-border bg-surface p-4 text-sm">
          <p>No migration matches these filters.</p>
          <button
            type="button"
            onClick={() => onFilterChange(DEFAULT_MATRIX_FILTER)}
            className={buttonClass("secondary", "sm")}
          >
            Clear filters
          </button>
        </div>
      ) : (
        <Layout
          projectName={projectName}
          columns={columns}
          items={items}
          describedBy={helpId}
          onToggleRun={toggleRun}
          jump={jump}
        />
      )}
    </div>
  );
}
