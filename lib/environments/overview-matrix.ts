// The overview's migration × environment matrix: built on the server in its compact form (every name once, one
// state code per environment: lib/api/matrix-codes.ts), decoded by clients, and the rules the matrix screen
// applies (which rows differ, which are problems, runs of identical rows folded). Client-safe: no server imports.
import { decodeMatrixState, encodeMatrixState } from "../api/matrix-codes";
import type { MigrationState } from "../migrations/types";
import type { EnvironmentStatusView, EnvironmentSummaryView, MatrixView } from "./views";

/** Migration × environment: one row per migration name known anywhere (Prisma's order), one code per environment. */
export function buildMatrix(statuses: EnvironmentStatusView[]): MatrixView {
  const stateByStatus = statuses.map((s) =>
    s.reachable ? new Map(s.migrations.map((m) => [m.name, m.state])) : new Map<string, MigrationState>(),
  );
  const names = [...new Set(statuses.flatMap((s) => s.migrations.map((m) => m.name)))].sort();
  return {
    environmentIds: statuses.map((s) => s.environment.id),
    names,
    states: names.map((name) => stateByStatus.map((states) => encodeMatrixState(states.get(name))).join("")),
  };
}

export interface DecodedMatrixRow {
  name: string;
  /** The row's codes as sent: rows with the same codes are in the same state everywhere. */
  codes: string;
  /** One state per environment, in `environmentIds` order; null: not read, or not known there. */
  states: Array<MigrationState | null>;
}

export function decodeMatrix(matrix: MatrixView): { environmentIds: string[]; rows: DecodedMatrixRow[] } {
  const width = matrix.environmentIds.length;
  return {
    environmentIds: matrix.environmentIds,
    rows: matrix.names.map((name, i) => {
      const codes = matrix.states[i] ?? "";
      return { name, codes, states: Array.from({ length: width }, (_, c) => decodeMatrixState(codes[c] ?? "")) };
    }),
  };
}

/** The names of the migrations in `state` in the environment at `column`. */
export function namesInState(matrix: MatrixView, environmentId: string, state: MigrationState): string[] {
  const column = matrix.environmentIds.indexOf(environmentId);
  if (column < 0) return [];
  return matrix.names.filter((_, i) => decodeMatrixState(matrix.states[i]?.[column] ?? "") === state);
}

export interface MatrixColumn {
  id: string;
  name: string;
  /** Read, and has a `_prisma_migrations` table: only these decide whether a row differs. */
  managed: boolean;
  /** A failed migration blocks its deploys (P3009): its pending migrations cannot be applied. */
  blocked: boolean;
}

export function toMatrixColumn(summary: EnvironmentSummaryView): MatrixColumn {
  return {
    id: summary.environment.id,
    name: summary.environment.name,
    managed: summary.reachable && summary.hasMigrationsTable,
    blocked: summary.blocked,
  };
}

export interface MatrixRow extends DecodedMatrixRow {
  /** Position in the full (unfiltered) matrix. */
  index: number;
  /**
   * Not in the same state in every managed environment (absent counts as a state; marked applied and an acknowledged
   * edit count as applied).
   */
  differs: boolean;
  failed: boolean;
  /** Will not be applied until a failure is resolved: pending (or rolled back) where deploys are blocked. */
  blocked: boolean;
  /** What "jump to the first problem" stops at: failed, blocked, in progress, modified or missing locally. */
  problem: boolean;
}

const PROBLEM_STATES: ReadonlySet<MigrationState> = new Set(["failed", "in_progress", "modified", "missing_locally"]);

export function analyseRow(row: DecodedMatrixRow, index: number, columns: MatrixColumn[]): MatrixRow {
  const seen = new Set<string>();
  let failed = false;
  let blocked = false;
  let problem = false;
  columns.forEach((column, c) => {
    if (!column.managed) return;
    const state = row.states[c] ?? null;
    seen.add(state === "applied_manually" || state === "edited_acknowledged" ? "applied" : (state ?? "absent"));
    if (state === "failed") failed = true;
    if (column.blocked && (state === "pending" || state === "rolled_back")) blocked = true;
    if (state && PROBLEM_STATES.has(state)) problem = true;
  });
  return { ...row, index, differs: seen.size > 1, failed, blocked, problem: problem || blocked };
}

export function analyseMatrix(matrix: MatrixView, columns: MatrixColumn[]): MatrixRow[] {
  return decodeMatrix(matrix).rows.map((row, i) => analyseRow(row, i, columns));
}

export const MATRIX_SHOWS = ["all", "differing", "failed"] as const;
export type MatrixShow = (typeof MATRIX_SHOWS)[number];

export interface MatrixFilter {
  show: MatrixShow;
  /** Part of a migration's name, any case. */
  search: string;
}

export type MatrixItem =
  | { kind: "row"; row: MatrixRow }
  | {
      kind: "run";
      /** The first row's name: stable while the run's rows stay. */
      key: string;
      rows: MatrixRow[];
      expanded: boolean;
    };

/** Runs shorter than this stay as rows: folding two rows saves nothing. */
export const MIN_RUN = 3;

export function matchesFilter(row: MatrixRow, filter: MatrixFilter): boolean {
  if (filter.show === "differing" && !row.differs) return false;
  if (filter.show === "failed" && !row.failed && !row.blocked) return false;
  const search = filter.search.trim().toLowerCase();
  return search === "" || row.name.toLowerCase().includes(search);
}

/**
 * What the matrix shows: the rows the filter keeps, with each run of at least MIN_RUN consecutive rows in the same
 * state everywhere (and nothing to look at: no difference, no problem) folded into one item, unless expanded.
 * A search shows every match as a row: the person is looking for one.
 */
export function buildMatrixItems(
  rows: MatrixRow[],
  filter: MatrixFilter,
  expanded: ReadonlySet<string> = new Set(),
): MatrixItem[] {
  const kept = rows.filter((row) => matchesFilter(row, filter));
  if (filter.search.trim() !== "") return kept.map((row) => ({ kind: "row", row }));
  const items: MatrixItem[] = [];
  const quiet = (row: MatrixRow) => !row.differs && !row.problem;
  for (let i = 0; i < kept.length;) {
    let end = i + 1;
    if (quiet(kept[i]))
      while (
        end < kept.length &&
        quiet(kept[end]) &&
        kept[end].codes === kept[i].codes &&
        kept[end].index === kept[end - 1].index + 1
      )
        end += 1;
    if (end - i >= MIN_RUN) {
      const run = kept.slice(i, end);
      const key = run[0].name;
      const open = expanded.has(key);
      items.push({ kind: "run", key, rows: run, expanded: open });
      if (open) for (const row of run) items.push({ kind: "row", row });
    } else for (const row of kept.slice(i, end)) items.push({ kind: "row", row });
    i = end;
  }
  return items;
}

/** "412 migrations applied everywhere" / "… in every managed environment" (when some are not read or not managed). */
export function describeRun(
  rows: MatrixRow[],
  columns: MatrixColumn[],
  label: (state: MigrationState) => string,
): string {
  const count = `${rows.length.toLocaleString("en-US")} migrations`;
  const managed = columns.map((column, c) => ({ column, c })).filter(({ column }) => column.managed);
  const state = managed.map(({ c }) => rows[0].states[c]).find((s) => s !== null) ?? null;
  if (managed.length === 0 || state === null) return `${count} not recorded in any managed environment`;
  const where = managed.length === columns.length ? "everywhere" : "in every managed environment";
  return `${count} ${label(state).toLowerCase()} ${where}`;
}

/** The first row worth looking at, in deploy order; null when there is none. */
export function findFirstProblem(rows: MatrixRow[]): MatrixRow | null {
  return rows.find((row) => row.problem) ?? null;
}

/** The column of the row's most urgent state (where "jump to the first problem" puts the focus). */
export function problemColumn(row: MatrixRow, columns: MatrixColumn[]): number {
  const order: Array<(state: MigrationState | null, column: MatrixColumn) => boolean> = [
    (s) => s === "failed",
    (s) => s === "in_progress",
    (s, column) => column.blocked && (s === "pending" || s === "rolled_back"),
    (s) => s === "modified" || s === "missing_locally",
  ];
  for (const test of order) {
    const c = columns.findIndex((column, i) => column.managed && test(row.states[i] ?? null, column));
    if (c >= 0) return c;
  }
  return 0;
}
