"use client";
// The matrix on a phone: one list item per migration (or per folded run) saying which environments are in which
// state — "✕ Failed in prod-eu · ✓ Applied in 18 environments" — instead of twenty columns that would widen the
// page. Virtualised like the grid (items of varying height are measured).
import Link from "next/link";
import { defaultRangeExtractor, useVirtualizer, type Range } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { MatrixItem, MatrixRow } from "@/lib/environments/overview-matrix";
import type { MigrationState } from "@/lib/environments/views";
import { paths } from "@/lib/client/paths";
import { useIntentPrefetch } from "./intent-prefetch";
import {
  itemKey,
  rowTone,
  RowTags,
  runLabel,
  unmanagedReason,
  type MatrixColumnView,
  type MatrixJump,
} from "./matrix-parts";
import { STATE_META, stateBadgeClass } from "./state-badge";
import { focusRing, linkClass } from "./ui";

const ESTIMATED_HEIGHT = 76;
/** Groups with more environments than this show a count, with a button to list them. */
const NAMED_UP_TO = 3;

/** Most urgent first, as the cards order health. */
const STATE_ORDER: Array<MigrationState | null> = [
  "failed",
  "in_progress",
  "modified",
  "edited_acknowledged",
  "missing_locally",
  "rolled_back",
  "pending",
  "applied_manually",
  "applied",
  null,
];

function groupByState(row: MatrixRow, columns: MatrixColumnView[]) {
  const groups = new Map<MigrationState | null, MatrixColumnView[]>();
  columns.forEach((column, c) => {
    const state = row.states[c] ?? null;
    groups.set(state, [...(groups.get(state) ?? []), column]);
  });
  return STATE_ORDER.filter((state) => groups.has(state)).map((state) => ({ state, columns: groups.get(state)! }));
}

function StateGroup({
  row,
  state,
  columns,
  total,
  expanded,
  onToggle,
}: {
  row: MatrixRow;
  state: MigrationState | null;
  columns: MatrixColumnView[];
  total: number;
  expanded: boolean;
  onToggle: () => void;
}) {
  const meta = state ? STATE_META[state] : null;
  const named = columns.length <= NAMED_UP_TO || expanded;
  return (
    <li className="flex flex-wrap items-center gap-x-1.5 gap-y-1">
      {meta && state ? (
        <span className={stateBadgeClass(state, "sm")} title={meta.description}>
          <span aria-hidden="true">{meta.icon}</span>
          {meta.label}
        </span>
      ) : (
        <span className="text-muted" title="Not read, or not in that environment's history or migrations source">
          <span aria-hidden="true">— </span>No state
        </span>
      )}
      <span className="text-muted">
        {named ? "in" : columns.length === total ? "everywhere" : `in ${columns.length} environments`}
      </span>
      {named
        ? columns.map((column, i) => {
            const reason = unmanagedReason(column);
            const environment = column.summary.environment;
            return (
              <span key={column.id}>
                {state ? (
                  <Link
                    href={paths.migration(environment.id, row.name)}
                    prefetch={false}
                    data-intent-prefetch=""
                    className={linkClass}
                  >
                    {environment.name}
                  </Link>
                ) : (
                  environment.name
                )}
                {reason ? <span className="text-muted"> ({reason})</span> : null}
                {i < columns.length - 1 ? "," : null}
              </span>
            );
          })
        : null}
      {columns.length > NAMED_UP_TO ? (
        <button
          type="button"
          aria-expanded={expanded}
          onClick={onToggle}
          className={`rounded px-1 text-accent underline-offset-2 hover:underline ${focusRing}`}
        >
          {expanded ? "fewer" : "list them"}
        </button>
      ) : null}
    </li>
  );
}

export function MatrixList({
  projectName,
  columns,
  items,
  describedBy,
  onToggleRun,
  jump,
}: {
  projectName: string;
  columns: MatrixColumnView[];
  items: MatrixItem[];
  describedBy: string;
  onToggleRun: (key: string) => void;
  jump: MatrixJump | null;
}) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const intent = useIntentPrefetch();
  const [groupsOpen, setGroupsOpen] = useState<ReadonlySet<string>>(new Set());
  const [pinned, setPinned] = useState<number | null>(null);
  const focusPending = useRef(false);

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (pinned !== null && pinned < range.count && !indexes.includes(pinned))
        return [...indexes, pinned].sort((a, b) => a - b);
      return indexes;
    },
    [pinned],
  );
  // The virtualizer is read afresh on every render (this app does not use React Compiler's memoisation).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ESTIMATED_HEIGHT,
    overscan: 3,
    rangeExtractor,
    getItemKey: (index) => itemKey(items[index]),
  });

  // Each jump moves once, as soon as its row is among the items (a jump may first clear the filter).
  const jumped = useRef(0);
  useEffect(() => {
    if (!jump || jump.seq === jumped.current) return;
    const index = items.findIndex((item) => item.kind === "row" && item.row.name === jump.name);
    if (index < 0) return;
    jumped.current = jump.seq;
    setPinned(index);
    focusPending.current = true;
    virtualizer.scrollToIndex(index, { align: "start" });
  }, [jump, items, virtualizer]);

  useLayoutEffect(() => {
    if (!focusPending.current || pinned === null) return;
    const link = scrollerRef.current?.querySelector<HTMLElement>(
      `[data-index="${pinned}"] a, [data-index="${pinned}"] button`,
    );
    if (!link) return;
    focusPending.current = false;
    link.focus({ preventScroll: true });
    link.scrollIntoView({ block: "nearest" });
  });

  const toggleGroup = (key: string) =>
    setGroupsOpen((open) => {
      const next = new Set(open);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <div
      ref={scrollerRef}
      data-matrix-scroller=""
      data-testid="matrix-list"
      className="max-h-[70vh] overflow-auto rounded-lg border border-border bg-surface"
      {...intent}
    >
      <div
        role="list"
        aria-label={`${projectName}: migrations by environment`}
        aria-describedby={describedBy}
        className="relative w-full"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((virtual) => {
          const item = items[virtual.index];
          return (
            <div
              key={virtual.key}
              role="listitem"
              aria-setsize={items.length}
              aria-posinset={virtual.index + 1}
              data-index={virtual.index}
              ref={virtualizer.measureElement}
              className="absolute left-0 top-0 w-full"
              style={{ transform: `translateY(${virtual.start}px)` }}
            >
              {item.kind === "run" ? (
                <div className="border-b border-border bg-subtle/60 px-3 py-2">
                  <button
                    type="button"
                    aria-expanded={item.expanded}
                    onClick={() => onToggleRun(item.key)}
                    className={`rounded px-1 text-left text-sm text-muted hover:text-foreground ${focusRing}`}
                  >
                    <span aria-hidden="true">{item.expanded ? "▾ " : "▸ "}</span>
                    {runLabel(item, columns)}
                    <span className="text-accent"> · {item.expanded ? "fold" : "show them"}</span>
                  </button>
                </div>
              ) : (
                <div className={`border-b border-border px-3 py-2 ${rowTone(item.row)}`} data-row={item.row.name}>
                  <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <span className="font-mono text-xs break-all">{item.row.name}</span>
                    <RowTags row={item.row} />
                  </p>
                  <ul className="mt-1.5 space-y-1 text-xs" aria-label={`${item.row.name}: state by environment`}>
                    {groupByState(item.row, columns).map((group) => {
                      const key = `${item.row.name}|${group.state ?? "-"}`;
                      return (
                        <StateGroup
                          key={key}
                          row={item.row}
                          state={group.state}
                          columns={group.columns}
                          total={columns.length}
                          expanded={groupsOpen.has(key)}
                          onToggle={() => toggleGroup(key)}
                        />
                      );
                    })}
                  </ul>
                </div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
