"use client";
// The matrix on wide screens: an ARIA grid, one row per migration (or per folded run), one column per environment.
// Rows are virtualised (TanStack Virtual): only those in view are in the DOM, so 1,000 × 20 stays light, while
// aria-rowcount / aria-rowindex tell assistive technology where each row is. The header row and the first column
// stay in place while the grid scrolls. Keyboard: one Tab stop; arrows, Home/End (Ctrl: first/last row),
// PageUp/PageDown move; Enter follows a cell's link or folds/unfolds a run.
import Link from "next/link";
import { defaultRangeExtractor, useVirtualizer, type Range } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import type { MatrixItem, MatrixRow } from "@/lib/environments/overview-matrix";
import { paths } from "@/lib/client/paths";
import { useIntentPrefetch } from "./intent-prefetch";
import {
  ColumnMarks,
  itemKey,
  rowTone,
  RowTags,
  runLabel,
  type MatrixColumnView,
  type MatrixJump,
} from "./matrix-parts";
import { STATE_META, stateBadgeClass } from "./state-badge";
import { focusRing } from "./ui";

const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 56;
const FIRST_COLUMN_PX = 320;
const COLUMN_PX = 152;
/** Rows rendered beyond the visible ones on each side (smooth scrolling without many more nodes). */
const OVERSCAN = 4;

/** Row 0 is the header; row r ≥ 1 is items[r − 1]. Column 0 is the migration's name; column c ≥ 1 an environment. */
interface Position {
  row: number;
  col: number;
}

const cellFocus = "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus";

function MatrixCell({
  column,
  row,
  c,
  pos,
  tabIndex,
}: {
  column: MatrixColumnView;
  row: MatrixRow;
  c: number;
  pos: string;
  tabIndex: number;
}) {
  const environment = column.summary.environment;
  const state = row.states[c];
  const testId = `matrix-cell-${environment.name}-${row.name}`;
  if (!state) {
    // No state: either the database could not be read, or this migration is in neither its history nor its source
    // (e.g. applied elsewhere from another branch).
    const unread = !column.summary.reachable;
    return (
      <div
        role="gridcell"
        data-testid={testId}
        data-state={unread ? "unknown" : "absent"}
        data-pos={pos}
        tabIndex={tabIndex}
        title={unread ? "This database could not be read" : "Not in this environment's history or migrations source"}
        className={`flex shrink-0 items-center px-2 text-xs text-muted ${cellFocus}`}
        style={{ width: COLUMN_PX }}
      >
        <span aria-hidden="true">—&nbsp;</span>
        {unread ? "Unknown" : "Not recorded"}
      </div>
    );
  }
  const meta = STATE_META[state];
  return (
    <div
      role="gridcell"
      data-testid={testId}
      data-state={state}
      className="flex shrink-0 items-center px-2"
      style={{ width: COLUMN_PX }}
    >
      <Link
        href={paths.migration(environment.id, row.name)}
        prefetch={false}
        data-intent-prefetch=""
        data-pos={pos}
        tabIndex={tabIndex}
        title={meta.description}
        aria-label={`${meta.label}: ${row.name} in ${environment.name}`}
        className={`${stateBadgeClass(state, "sm")} ${focusRing}`}
      >
        <span aria-hidden="true">{meta.icon}</span>
        {meta.label}
      </Link>
    </div>
  );
}

export function MatrixGrid({
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
  const [active, setActive] = useState<Position>({ row: 0, col: 0 });
  const focusPending = useRef(false);
  const intent = useIntentPrefetch();
  const width = FIRST_COLUMN_PX + columns.length * COLUMN_PX;
  const maxRow = items.length;
  // The filter may have removed the active row: keep the position inside the grid.
  const activeRow = Math.min(active.row, maxRow);
  const activeItem = activeRow >= 1 ? items[activeRow - 1] : null;
  const activeCol = activeItem?.kind === "run" ? 0 : Math.min(active.col, columns.length);
  const activeKey = `${activeRow}:${activeCol}`;

  // The row holding the focus stays rendered while it is scrolled out of view, so the focus is never lost.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      const pinned = activeRow - 1;
      if (pinned >= 0 && pinned < range.count && !indexes.includes(pinned))
        return [...indexes, pinned].sort((a, b) => a - b);
      return indexes;
    },
    [activeRow],
  );
  // The virtualizer is read afresh on every render (this app does not use React Compiler's memoisation).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    rangeExtractor,
    getItemKey: (index) => itemKey(items[index]),
  });

  const moveTo = useCallback(
    (pos: Position) => {
      setActive(pos);
      focusPending.current = true;
      if (pos.row >= 1) virtualizer.scrollToIndex(pos.row - 1, { align: "auto" });
    },
    [virtualizer],
  );

  // Focus follows the active position once its row is rendered; scroll-padding keeps it clear of the sticky parts.
  useLayoutEffect(() => {
    if (!focusPending.current) return;
    const element = scrollerRef.current?.querySelector<HTMLElement>(`[data-pos="${activeKey}"]`);
    if (!element) return;
    focusPending.current = false;
    element.focus({ preventScroll: true });
    element.scrollIntoView({ block: "nearest", inline: "nearest" });
  });

  // Each jump moves once, as soon as its row is among the items (a jump may first clear the filter).
  const jumped = useRef(0);
  useEffect(() => {
    if (!jump || jump.seq === jumped.current) return;
    const index = items.findIndex((item) => item.kind === "row" && item.row.name === jump.name);
    if (index < 0) return;
    jumped.current = jump.seq;
    moveTo({ row: index + 1, col: jump.column + 1 });
  }, [jump, items, moveTo]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(((scrollerRef.current?.clientHeight ?? 400) - HEADER_HEIGHT) / ROW_HEIGHT));
    let { row, col } = { row: activeRow, col: active.col };
    switch (event.key) {
      case "ArrowDown":
        row = Math.min(maxRow, row + 1);
        break;
      case "ArrowUp":
        row = Math.max(0, row - 1);
        break;
      case "ArrowRight":
        col = Math.min(columns.length, activeCol + 1);
        break;
      case "ArrowLeft":
        col = Math.max(0, activeCol - 1);
        break;
      case "Home":
        col = 0;
        if (event.ctrlKey) row = 0;
        break;
      case "End":
        col = columns.length;
        if (event.ctrlKey) row = maxRow;
        break;
      case "PageDown":
        row = Math.min(maxRow, row + page);
        break;
      case "PageUp":
        row = Math.max(0, row - page);
        break;
      default:
        return;
    }
    event.preventDefault();
    moveTo({ row, col });
  };

  // A click or Tab into the grid moves the active position there, so arrows continue from it.
  const onFocus = (event: React.FocusEvent<HTMLDivElement>) => {
    intent.onFocus(event);
    const pos = (event.target as HTMLElement).closest("[data-pos]")?.getAttribute("data-pos");
    if (!pos || pos === activeKey) return;
    const [row, col] = pos.split(":").map(Number);
    setActive({ row, col });
  };

  const tabIndexOf = (pos: string) => (pos === activeKey ? 0 : -1);
  const headerCell = "flex shrink-0 flex-col justify-center gap-0.5 px-2 text-sm font-semibold";

  return (
    <div
      ref={scrollerRef}
      data-matrix-scroller=""
      data-testid="matrix"
      role="grid"
      aria-label={`${projectName}: migrations by environment`}
      aria-describedby={describedBy}
      aria-rowcount={items.length + 1}
      aria-colcount={columns.length + 1}
      className="relative max-h-[70vh] overflow-auto rounded-lg border border-border bg-surface text-left text-sm"
      style={{ scrollPaddingTop: HEADER_HEIGHT, scrollPaddingLeft: FIRST_COLUMN_PX }}
      onKeyDown={onKeyDown}
      onPointerOver={intent.onPointerOver}
      onPointerLeave={intent.onPointerLeave}
      onFocus={onFocus}
      onBlur={intent.onBlur}
    >
      <div role="rowgroup" className="sticky top-0 z-20 min-w-full" style={{ width }}>
        <div
          role="row"
          aria-rowindex={1}
          className="flex border-b border-border bg-subtle"
          style={{ height: HEADER_HEIGHT }}
        >
          <div
            role="columnheader"
            data-pos="0:0"
            tabIndex={tabIndexOf("0:0")}
            className={`${headerCell} sticky left-0 z-10 grow bg-subtle ${cellFocus}`}
            style={{ minWidth: FIRST_COLUMN_PX, flexBasis: FIRST_COLUMN_PX }}
          >
            Migration
          </div>
          {columns.map((column, c) => {
            const environment = column.summary.environment;
            const pos = `0:${c + 1}`;
            return (
              <div key={column.id} role="columnheader" className={headerCell} style={{ width: COLUMN_PX }}>
                <Link
                  href={paths.environment(environment.id)}
                  prefetch={false}
                  data-intent-prefetch=""
                  data-pos={pos}
                  tabIndex={tabIndexOf(pos)}
                  title={environment.name}
                  className={`truncate rounded-sm hover:underline ${focusRing}`}
                >
                  {environment.name}
                </Link>
                <span className="flex items-center gap-1 text-xs font-normal">
                  <ColumnMarks column={column} />
                </span>
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className="relative min-w-full" style={{ height: virtualizer.getTotalSize(), width }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const item = items[virtual.index];
          const r = virtual.index + 1;
          const placement = {
            height: ROW_HEIGHT,
            transform: `translateY(${virtual.start - HEADER_HEIGHT}px)`,
          };
          if (item.kind === "run") {
            const pos = `${r}:0`;
            return (
              <div
                key={virtual.key}
                role="row"
                aria-rowindex={r + 1}
                className="absolute left-0 top-0 flex w-full border-b border-border bg-subtle/60"
                style={placement}
              >
                <div
                  role="gridcell"
                  aria-colspan={columns.length + 1}
                  className="sticky left-0 flex max-w-full items-center px-2"
                  style={{ width: Math.min(width, 640) }}
                >
                  <button
                    type="button"
                    data-pos={pos}
                    tabIndex={tabIndexOf(pos)}
                    aria-expanded={item.expanded}
                    onClick={() => onToggleRun(item.key)}
                    className={`rounded px-1 text-left text-sm text-muted hover:text-foreground ${focusRing}`}
                  >
                    <span aria-hidden="true">{item.expanded ? "▾ " : "▸ "}</span>
                    {runLabel(item, columns)}
                    <span className="text-accent"> · {item.expanded ? "fold" : "show them"}</span>
                  </button>
                </div>
              </div>
            );
          }
          const row = item.row;
          const tone = rowTone(row);
          const headerPos = `${r}:0`;
          return (
            <div
              key={virtual.key}
              role="row"
              aria-rowindex={r + 1}
              data-row={row.name}
              className={`absolute left-0 top-0 flex w-full border-b border-border ${tone}`}
              style={placement}
            >
              <div
                role="rowheader"
                data-pos={headerPos}
                tabIndex={tabIndexOf(headerPos)}
                className={`sticky left-0 z-10 flex grow items-center gap-2 px-3 ${tone} ${cellFocus}`}
                style={{ minWidth: FIRST_COLUMN_PX, flexBasis: FIRST_COLUMN_PX }}
              >
                <span className="min-w-0 truncate font-mono text-xs" title={row.name}>
                  {row.name}
                </span>
                <RowTags row={row} />
              </div>
              {columns.map((column, c) => {
                const pos = `${r}:${c + 1}`;
                return (
                  <MatrixCell key={column.id} column={column} row={row} c={c} pos={pos} tabIndex={tabIndexOf(pos)} />
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
