// Splits a migration script into statements with the real PostgreSQL parser (libpg-query, WASM): no regexes.
import { parse } from "libpg-query";
import type { ParseResult } from "@pgsql/types";
import { unwrapNode, type KindedNode } from "./ast";

/** A statement with its parse node: `kind` (`IndexStmt`, `TransactionStmt`, `DoStmt`…) narrows `node`'s type. */
export type ParsedStatement = KindedNode & StatementPosition;

/** A statement of the given kind(s). */
export type StatementOf<K extends ParsedStatement["kind"]> = Extract<ParsedStatement, { kind: K }>;

interface StatementPosition {
  /** 0-based position in the script. */
  index: number;
  /** 1-based line where the statement starts (after leading whitespace and comments). */
  line: number;
  text: string;
  /**
   * Byte offsets of `text` in the UTF-8 script: the parser's `location` fields are byte offsets into the
   * whole script, so edits based on the AST are made in bytes.
   */
  startByte: number;
  endByte: number;
}

export type ParsedScript =
  | { ok: true; statements: ParsedStatement[] }
  | { ok: false; statements: []; error: { message: string; line: number | null } };

function lineAt(script: string, charIndex: number): number {
  let line = 1;
  for (let i = 0; i < charIndex && i < script.length; i++) if (script.charCodeAt(i) === 10) line++;
  return line;
}

/** 1-based line of a byte offset in a UTF-8 buffer (what AST and scanner locations are). */
export function createLineIndex(bytes: Buffer): (byteOffset: number) => number {
  const newlines: number[] = [];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) newlines.push(i);
  return (offset) => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (newlines[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
}

/**
 * Parse results by script text. Parsing is pure and the same migration is parsed by the preflight, the
 * deploy-target checks, lint and the rewrite, for every environment: a deploy of 850 migrations would parse
 * each several times. Bounded; results are shared, so callers must not mutate them.
 */
const parsedScripts = new Map<string, Promise<ParsedScript>>();
const MAX_CACHED_SCRIPTS = 5000;

export function parseMigrationScript(script: string): Promise<ParsedScript> {
  const cached = parsedScripts.get(script);
  if (cached) return cached;
  if (parsedScripts.size >= MAX_CACHED_SCRIPTS) parsedScripts.delete(parsedScripts.keys().next().value!);
  const parsing = parseUncached(script);
  parsedScripts.set(script, parsing);
  return parsing;
}

async function parseUncached(script: string): Promise<ParsedScript> {
  let result: ParseResult;
  try {
    result = await parse(script);
  } catch (error) {
    const e = error as { message?: string; sqlDetails?: { cursorPosition?: number } };
    // The parser's cursor is a byte offset; turn it into a line of the text.
    const cursor = e.sqlDetails?.cursorPosition;
    const charIndex = typeof cursor === "number" ? Buffer.from(script).subarray(0, cursor).toString().length : null;
    return {
      ok: false,
      statements: [],
      error: { message: e.message ?? String(error), line: charIndex === null ? null : lineAt(script, charIndex) },
    };
  }
  const bytes = Buffer.from(script);
  const lineOf = createLineIndex(bytes);
  const statements = (result.stmts ?? []).map((entry, index) => {
    const start = entry.stmt_location ?? 0;
    const raw = bytes.subarray(start, entry.stmt_len ? start + entry.stmt_len : undefined).toString();
    const text = raw.trim();
    const leading = raw.length - raw.trimStart().length;
    const startByte = start + Buffer.byteLength(raw.slice(0, leading));
    const [kind, node] = unwrapNode(entry.stmt);
    return {
      index,
      ...({ kind, node } as KindedNode),
      line: lineOf(startByte),
      text,
      startByte,
      endByte: startByte + Buffer.byteLength(text),
    };
  });
  return { ok: true, statements };
}
