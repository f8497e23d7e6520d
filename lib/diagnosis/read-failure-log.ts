// What a failed attempt's `logs` say: the PostgreSQL error code, its message in plain words, and the line
// (Runway stores "Database error code: …" and "Position: line N" for the scripts it runs; Prisma's native
// engine stores "Database error code: …" and "Database error:\nERROR: …").
export interface FailureLog {
  code: string | null;
  message: string | null;
  line: number | null;
  /** Quoted object names in the message, e.g. ["ConnectedAccount"] for `relation "ConnectedAccount" does not exist`. */
  objects: string[];
}

const PLAIN_WORDS: Record<string, string> = {
  "42P01": "a table or view it uses does not exist",
  "42703": "a column it uses does not exist",
  "42704": "a type or object it names does not exist",
  "42P07": "a table, index or sequence it creates already exists",
  "42701": "a column it adds already exists",
  "42710": "an object it creates (constraint, type, trigger, extension…) already exists",
  "42P06": "a schema it creates already exists",
  "23505": "existing rows violate a unique constraint it adds",
  "23502": "existing rows have NULLs where it requires a value",
  "23503": "existing rows violate a foreign key it adds",
  "23514": "existing rows violate a check constraint it adds",
  "0A000": "the server does not support something it uses (often an extension that is not installed)",
  "58P01": "a file the server needs is missing (often an extension that is not installed on the server)",
  "42501": "the database user lacks a privilege it needs",
  "25001": "it runs a statement that cannot run inside a transaction block",
  "40P01": "it deadlocked with other sessions",
  "57014": "it was cancelled (statement timeout or lock timeout)",
  "55P03": "it could not take a lock in time",
  "42601": "its SQL has a syntax error",
};

export function explainErrorCode(code: string | null): string | null {
  return code ? (PLAIN_WORDS[code] ?? null) : null;
}

export function readFailureLog(logs: string | null): FailureLog {
  if (!logs) return { code: null, message: null, line: null, objects: [] };
  const code = /Database error code: ([0-9A-Z]{5})/.exec(logs)?.[1] ?? null;
  const message =
    /Error querying the database: (?:ERROR: )?(.+)/.exec(logs)?.[1] ??
    /Database error:\s*\n?ERROR: (.+)/.exec(logs)?.[1] ??
    logs
      .split("\n")
      .find((l) => l.trim() && !/^(external connector error|\s+\d+:|\s+at |\s+with )/.test(l))
      ?.trim() ??
    null;
  const line = Number(/Position: line (\d+)/.exec(logs)?.[1] ?? Number.NaN);
  const objects = message ? [...message.matchAll(/"([^"]+)"/g)].map((m) => m[1]) : [];
  return { code, message, line: Number.isFinite(line) ? line : null, objects };
}
