// Unified diffs of migration files, small enough to review in the dashboard and exact enough for `git apply`.
import { validateMigrationName } from "../migrations/folder";

const CONTEXT = 3;
// PostgreSQL text cannot contain NUL, so this suffix cannot clash with a real line.
const NO_NEWLINE = "\u0000";
// Above this many cells the LCS table is too big; the changed middle becomes one replace hunk instead.
const MAX_LCS_CELLS = 4_000_000;

type Op = { type: "same" | "del" | "add"; line: string };

/** Lines of a text, each with its `\r` kept; `endsWithNewline` tells whether the last line was terminated. */
function splitLines(text: string): { lines: string[]; endsWithNewline: boolean } {
  if (text === "") return { lines: [], endsWithNewline: true };
  const lines = text.split("\n");
  const endsWithNewline = lines[lines.length - 1] === "";
  if (endsWithNewline) lines.pop();
  return { lines, endsWithNewline };
}

function diffLines(a: string[], b: string[]): Op[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const ops: Op[] = a.slice(0, prefix).map((line) => ({ type: "same", line }));
  if (midA.length * midB.length > MAX_LCS_CELLS) {
    ops.push(...midA.map((line): Op => ({ type: "del", line })), ...midB.map((line): Op => ({ type: "add", line })));
  } else {
    ops.push(...lcsOps(midA, midB));
  }
  ops.push(...a.slice(a.length - suffix).map((line): Op => ({ type: "same", line })));
  return ops;
}

function lcsOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j] = LCS of a[i..] and b[j..], flattened.
  const lengths = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lengths[i * (m + 1) + j] = a[i] === b[j] ? lengths[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(lengths[(i + 1) * (m + 1) + j], lengths[i * (m + 1) + j + 1]);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ type: "same", line: a[i] });
      i++;
      j++;
    } else if (lengths[(i + 1) * (m + 1) + j] >= lengths[i * (m + 1) + j + 1]) ops.push({ type: "del", line: a[i++] });
    else ops.push({ type: "add", line: b[j++] });
  }
  while (i < n) ops.push({ type: "del", line: a[i++] });
  while (j < m) ops.push({ type: "add", line: b[j++] });
  return ops;
}

/**
 * A unified diff (`--- a/<file>` / `+++ b/<file>`, 3 lines of context) from oldText to newText; "" when they are
 * equal. A missing final newline is marked the way git expects.
 */
export function toUnifiedDiff(oldText: string, newText: string, fileName: string): string {
  if (oldText === newText) return "";
  const oldSplit = splitLines(oldText);
  const newSplit = splitLines(newText);
  // An unterminated last line differs from the same text with a newline: compare it under a distinct key.
  const keys = (split: { lines: string[]; endsWithNewline: boolean }) =>
    split.endsWithNewline ? split.lines : split.lines.map((line, i) => (i === split.lines.length - 1 ? `${line}${NO_NEWLINE}` : line));
  const ops = diffLines(keys(oldSplit), keys(newSplit)).map((op) => ({ ...op, line: op.line.endsWith(NO_NEWLINE) ? op.line.slice(0, -NO_NEWLINE.length) : op.line }));
  const out = [`--- a/${fileName}`, `+++ b/${fileName}`];
  const changed = ops.map((op, index) => (op.type !== "same" ? index : -1)).filter((index) => index >= 0);
  // Group changes whose contexts touch into hunks.
  const hunks: Array<[number, number]> = [];
  for (const index of changed) {
    const last = hunks[hunks.length - 1];
    if (last && index - last[1] <= 2 * CONTEXT) last[1] = index;
    else hunks.push([index, index]);
  }
  // Line numbers before each op, to label hunks.
  const oldLineAt: number[] = [];
  const newLineAt: number[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const op of ops) {
    oldLineAt.push(oldLine);
    newLineAt.push(newLine);
    if (op.type !== "add") oldLine++;
    if (op.type !== "del") newLine++;
  }
  const lastOld = ops.reduce((last, op, index) => (op.type !== "add" ? index : last), -1);
  const lastNew = ops.reduce((last, op, index) => (op.type !== "del" ? index : last), -1);
  for (const [first, last] of hunks) {
    const start = Math.max(0, first - CONTEXT);
    const end = Math.min(ops.length - 1, last + CONTEXT);
    const slice = ops.slice(start, end + 1);
    const oldCount = slice.filter((op) => op.type !== "add").length;
    const newCount = slice.filter((op) => op.type !== "del").length;
    // An empty side is labelled with the line before it (0 at the top), as diff(1) does.
    const oldStart = oldCount === 0 ? oldLineAt[start] : oldLineAt[start] + 1;
    const newStart = newCount === 0 ? newLineAt[start] : newLineAt[start] + 1;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (let index = start; index <= end; index++) {
      const op = ops[index];
      out.push(`${op.type === "same" ? " " : op.type === "del" ? "-" : "+"}${op.line}`);
      const isLastOld = op.type !== "add" && index === lastOld && !oldSplit.endsWithNewline;
      const isLastNew = op.type !== "del" && index === lastNew && !newSplit.endsWithNewline;
      if (isLastOld || isLastNew) out.push("\\ No newline at end of file");
    }
  }
  return `${out.join("\n")}\n`;
}

/**
 * A patch turning `<migrationsPath>/<name>/migration.sql` from oldSql into newSql (apply with `git apply` at the
 * repository's root); migrationsPath is the project's (default prisma/migrations).
 */
export function toPatch(migrationName: string, oldSql: string, newSql: string, migrationsPath = "prisma/migrations"): string {
  const problem = validateMigrationName(migrationName);
  if (problem) throw new Error(problem);
  return toUnifiedDiff(oldSql, newSql, `${migrationsPath.replace(/\/+$/, "")}/${migrationName}/migration.sql`);
}
