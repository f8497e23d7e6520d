// Turns a PostgreSQL error raised by a whole migration script into text that names the failing line.
// Prisma often stores almost nothing useful in `logs` (prisma#12856); we keep the code, line and statement.
import type pg from "pg";

interface Located {
  line: number;
  column: number;
  text: string;
}

/** Line and column (1-based) of a 1-based character position in the script. */
export function locatePosition(script: string, position: number): Located | null {
  if (!Number.isInteger(position) || position < 1 || position > script.length + 1) return null;
  const before = script.slice(0, position - 1);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n") - 1;
  const text = script.split("\n")[line - 1] ?? "";
  return { line, column, text: text.replace(/\r$/, "") };
}

export function describeScriptError(script: string, error: pg.DatabaseError): string {
  const parts = [error.message];
  parts.push(`Database error code: ${error.code}`);
  const located = error.position ? locatePosition(script, Number(error.position)) : null;
  if (located)
    parts.push(
      `Position: line ${located.line}, column ${located.column} of migration.sql\n  ${located.line} | ${located.text.trim()}`,
    );
  if (error.detail) parts.push(`DETAIL: ${error.detail}`);
  if (error.hint) parts.push(`HINT: ${error.hint}`);
  if (error.where) parts.push(`CONTEXT: ${error.where}`);
  return parts.join("\n");
}
