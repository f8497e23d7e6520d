// Splits a migration script into statements with the real PostgreSQL parser (libpg-query, WASM): no regexes.
import { parse } from "libpg-query";

export interface ParsedStatement {
  /** 0-based position in the script. */
  index: number;
  /** The parse node's type, e.g. `IndexStmt`, `TransactionStmt`, `DoStmt`. */
  kind: string;
  /** The node itself (libpg-query's JSON AST). */
  node: Record<string, unknown>;
  /** 1-based line where the statement starts (after leading whitespace and comments). */
  line: number;
  text: string;
}

export type ParsedScript =
  | { ok: true; statements: ParsedStatement[] }
  | { ok: false; statements: []; error: { message: string; line: number | null } };

function lineAt(script: string, charIndex: number): number {
  let line = 1;
  for (let i = 0; i < charIndex && i < script.length; i++) if (script.charCodeAt(i) === 10) line++;
  return line;
}

export async function parseMigrationScript(script: string): Promise<ParsedScript> {
  let result: { stmts?: Array<{ stmt: Record<string, unknown>; stmt_location?: number; stmt_len?: number }> };
  try {
    result = (await parse(script)) as unknown as typeof result;
  } catch (error) {
    const e = error as { message?: string; sqlDetails?: { cursorPosition?: number } };
    // The parser's cursor is a byte offset; turn it into a line of the text.
    const cursor = e.sqlDetails?.cursorPosition;
    const charIndex = typeof cursor === "number" ? Buffer.from(script).subarray(0, cursor).toString().length : null;
    return { ok: false, statements: [], error: { message: e.message ?? String(error), line: charIndex === null ? null : lineAt(script, charIndex) } };
  }
  const bytes = Buffer.from(script);
  const statements = (result.stmts ?? []).map((entry, index) => {
    const start = entry.stmt_location ?? 0;
    const raw = bytes.subarray(start, entry.stmt_len ? start + entry.stmt_len : undefined).toString();
    const leading = raw.length - raw.trimStart().length;
    const charStart = bytes.subarray(0, start).toString().length + leading;
    const kind = Object.keys(entry.stmt)[0] ?? "Unknown";
    return {
      index,
      kind,
      node: (entry.stmt[kind] ?? {}) as Record<string, unknown>,
      line: lineAt(script, charStart),
      text: raw.trim(),
    };
  });
  return { ok: true, statements };
}
