// Reads `_prisma_migrations` and the holder of Prisma's migrate lock, read-only, on one short-lived connection.
import pg from "pg";
import { parseDatabaseUrl, quoteIdentifier, toPgConfig } from "./database-url";
import { toConnectionError } from "./errors";
import type { LockHolder, MigrationHistory, MigrationRow } from "./types";

/** The key Prisma passes to pg_advisory_lock; as (classid, objid) in pg_locks: (0, 72707369). */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

export interface ReadHistoryOptions {
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
}

/** The columns of `_prisma_migrations`, in the order toMigrationRow reads them. */
const ROW_COLUMNS = "id, checksum, migration_name, started_at, finished_at, rolled_back_at, logs, applied_steps_count";

/** A row as `pg` returns it with rowMode 'array' (ROW_COLUMNS, in order). */
type RawRow = [string, string, string, Date, Date | null, Date | null, string | null, number];

function toMigrationRow(row: RawRow): MigrationRow {
  return {
    id: row[0],
    checksum: row[1],
    migrationName: row[2],
    startedAt: row[3],
    finishedAt: row[4],
    rolledBackAt: row[5],
    logs: row[6],
    appliedStepsCount: row[7],
  };
}

const LOCK_HOLDER_SQL = `SELECT l.pid, a.application_name, host(a.client_addr) AS client_addr,
            coalesce(a.xact_start, a.query_start, a.backend_start) AS since, a.state
       FROM pg_locks l
       LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted
        AND l.classid = 0 AND l.objid = ${PRISMA_ADVISORY_LOCK_KEY} AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      LIMIT 1`;

/** The lock holder query's row with rowMode 'array': pid, application_name, client_addr, since, state. */
type RawLockRow = [number, string | null, string | null, Date | null, string | null];

function toLockHolder(row: RawLockRow | undefined): LockHolder | null {
  if (!row) return null;
  return {
    pid: row[0],
    applicationName: row[1] || null,
    clientAddress: row[2],
    since: row[3],
    state: row[4],
  };
}

const TIMESTAMPTZ_OID = 1184;
const ZERO = 48;
const FRACTION_SCALE = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/** The digits of text[start, start + length) as a number, or -1 if any is not a digit. */
function readDigits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - ZERO; // NaN past the end
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * pg's own timestamptz parser (postgres-date) runs regular expressions on every value: with two or three timestamps
 * per row it was the costliest function in a profile of the cold overview. This reads the form PostgreSQL prints
 * (`2026-01-15 10:00:00.123456+00`, an offset in hours, minutes or seconds) directly, to the same Date as
 * postgres-date, and hands anything else (infinity, BC, years before 100 or after 9999, other forms) to pg's parser.
 */
export function parseTimestamptz(text: string): Date {
  const date = parseCommonTimestamptz(text);
  return date ?? (pg.types.getTypeParser(TIMESTAMPTZ_OID, "text")(text) as Date);
}

function parseCommonTimestamptz(text: string): Date | null {
  if (text.length < 22) return null;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32) return null; // - - space
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null; // : :
  const year = readDigits(text, 0, 4);
  const month = readDigits(text, 5, 2);
  const day = readDigits(text, 8, 2);
  const hour = readDigits(text, 11, 2);
  const minute = readDigits(text, 14, 2);
  const second = readDigits(text, 17, 2);
  if (year < 100 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  let i = 19;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    // .fraction: PostgreSQL prints 1 to 6 digits (microseconds). postgres-date's `1000 * parseFloat(".123456")`,
    // truncated by Date.UTC, equals this integer arithmetic for every 1- to 6-digit fraction (checked exhaustively).
    let end = i + 1;
    while (end < text.length && text.charCodeAt(end) >= ZERO && text.charCodeAt(end) <= ZERO + 9) end++;
    const digits = end - i - 1;
    if (digits < 1 || digits > 6) return null;
    ms = Math.floor((readDigits(text, i + 1, digits) * 1000) / FRACTION_SCALE[digits]);
    i = end;
  }
  const sign = text.charCodeAt(i);
  if (sign !== 43 && sign !== 45) return null; // + -
  // ±HH, ±HH:MM or ±HH:MM:SS, and nothing after it.
  let offsetSeconds = 0;
  let part = 0;
  for (i += 1; part < 3; part++) {
    if (part > 0) {
      if (i === text.length) break;
      if (text.charCodeAt(i) !== 58) return null;
      i += 1;
    }
    const value = readDigits(text, i, 2);
    if (value < 0 || i + 2 > text.length) return null;
    offsetSeconds = offsetSeconds * 60 + value;
    i += 2;
  }
  if (i !== text.length) return null;
  for (; part < 3; part++) offsetSeconds *= 60;
  const offsetMs = (sign === 45 ? -1 : 1) * offsetSeconds * 1000;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs);
}

/** pg's type parsers, with the fast timestamptz one. */
const HISTORY_TYPES = {
  getTypeParser(oid: number, format?: string) {
    if (oid === TIMESTAMPTZ_OID && (format ?? "text") === "text") return parseTimestamptz;
    return pg.types.getTypeParser(oid, (format ?? "text") as "text");
  },
};

/**
 * Reads the migration history of the database at `url`. Throws MigrateError (P1000/P1001/P1003/P1008…) when the
 * database cannot be read; a database without the table is not an error (hasMigrationsTable: false).
 */
export async function readMigrationHistory(url: string, options: ReadHistoryOptions = {}): Promise<MigrationHistory> {
  const target = parseDatabaseUrl(url);
  const statementTimeoutMs = options.statementTimeoutMs ?? 10_000;
  const client = new pg.Client({
    ...toPgConfig(target, { connectTimeoutMs: options.connectTimeoutMs, applicationName: "runway (read-only status)" }),
    statement_timeout: statementTimeoutMs,
    // Also bounds a server that accepts the connection and then never answers.
    query_timeout: statementTimeoutMs + 1_000,
  });
  client.on("error", () => {}); // reported through the failing query instead of crashing the process
  const where = `${target.host}:${target.port}/${target.database}`;
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw toConnectionError(error, where);
  }
  try {
    // Two round trips, not five: BEGIN with the table check, then the rows, the lock holder and COMMIT (simple
    // protocol, several statements per message). Not one: where the table does not exist, selecting from it would
    // fail and write an error to that server's log on every poll. Rows come as arrays, timestamps through the fast parser.
    const qualified = `${quoteIdentifier(target.schema)}._prisma_migrations`;
    const opened = (await client.query({
      text:
        "BEGIN TRANSACTION READ ONLY; " +
        `SELECT current_setting('server_version') AS server_version, to_regclass(${client.escapeLiteral(qualified)})::text AS table`,
      rowMode: "array",
    })) as unknown as pg.QueryArrayResult<[string, string | null]>[];
    const [serverVersion, table] = opened[1].rows[0];
    const results = (await client.query({
      text: `${table ? `SELECT ${ROW_COLUMNS} FROM ${qualified} ORDER BY started_at ASC, id ASC; ` : ""}${LOCK_HOLDER_SQL}; COMMIT`,
      rowMode: "array",
      types: HISTORY_TYPES,
    })) as unknown as pg.QueryArrayResult[];
    const rows = table ? (results[0].rows as RawRow[]).map(toMigrationRow) : [];
    const lockHolder = toLockHolder(results[table ? 1 : 0].rows[0] as RawLockRow | undefined);
    return {
      schema: target.schema,
      hasMigrationsTable: table !== null,
      rows,
      lockHolder,
      serverVersion,
      readAt: new Date(),
    };
  } catch (error) {
    throw toConnectionError(error, where);
  } finally {
    await client.end().catch(() => {});
  }
}
