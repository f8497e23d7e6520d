"use client";
// Above the matrix: search by name, which rows to show (all, differing, failed or blocked), and the jump to the
// first problem. The filter lives in the address (see lib/client/matrix-filter.ts); its owner passes it down.
import type { MatrixFilter, MatrixShow } from "@/lib/environments/overview-matrix";
import { buttonClass, inputClass } from "./ui";

const SHOWS: Array<{ value: MatrixShow; label: string; count: keyof MatrixCounts }> = [
  { value: "all", label: "All", count: "total" },
  { value: "differing", label: "Differing", count: "differing" },
  { value: "failed", label: "Failed or blocked", count: "failed" },
];

export interface MatrixCounts {
  total: number;
  differing: number;
  failed: number;
}

export function MatrixToolbar({
  idPrefix,
  filter,
  onFilterChange,
  counts,
  onJump,
  canJump,
}: {
  idPrefix: string;
  filter: MatrixFilter;
  onFilterChange: (filter: MatrixFilter) => void;
  counts: MatrixCounts;
  onJump: () => void;
  canJump: boolean;
}) {
  const searchId = `${idPrefix}-search`;
  const noProblemId = `${idPrefix}-no-problem`;
  return (
    <div className="flex flex-wrap items-end gap-x-5 gap-y-3">
      <div className="w-full space-y-1 sm:w-72">
        <label htmlFor={searchId} className="block text-xs font-medium text-muted">
          Search migrations
        </label>
        <input
          id={searchId}
          type="search"
          value={filter.search}
          maxLength={255}
          autoComplete="off"
          spellCheck={false}
          placeholder="part of a name, e.g. add_users"
          onChange={(event) => onFilterChange({ ...filter, search: event.target.value })}
          className={inputClass}
        />
      </div>
      <fieldset className="min-w-0">
        <legend className="mb-1 text-xs font-medium text-muted">Show</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {SHOWS.map((show) => (
            <label key={show.value} className="inline-flex items-center gap-1.5">
              <input
                type="radio"
                name={`${idPrefix}-show`}
                value={show.value}
                checked={filter.show === show.value}
                onChange={() => onFilterChange({ ...filter, show: show.value })}
                className="h-4 w-4 accent-blue-700 dark:accent-blue-400"
              />
              {show.label}
              <span className="text-muted">({counts[show.count].toLocaleString("en-US")})</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          onClick={onJump}
          disabled={!canJump}
          aria-describedby={canJump ? undefined : noProblemId}
          className={buttonClass("secondary", "sm")}
        >
          Jump to first problem
        </button>
        {canJump ? null : (
          <span id={noProblemId} className="text-xs text-muted">
            No failed, blocked, in-progress, modified or missing migration.
          </span>
        )}
      </div>
    </div>
  );
}
