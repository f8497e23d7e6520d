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

/** A timestamptz as milliseconds since 1970 (truncated, as a JavaScript Date holds it), computed by PostgreSQL. */
const epochMs = (column: string) => `round(extract(epoch FROM date_trunc('milliseconds', ${column})) * 1000)::float8`;

/**
 * The columns of `_prisma_migrations`, in the order toMigrationRow reads them. Timestamps come as numbers: pg's
 * text parser for timestamptz (regular expressions per value) was the costliest step of a cold overview.
 */
const ROW_COLUMNS = `id, checksum, migration_name, ${epochMs("started_at")}, ${epochMs("finished_at")}, ${epochMs("rolled_back_at")}, logs, applied_steps_count`;

/** A row as `pg` returns it with rowMode 'array' (ROW_COLUMNS, in order). */
type RawRow = [string, string, string, number, number | null, number | null, string | null, number];

const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));

function toMigrationRow(row: RawRow): MigrationRow {
  return {
    id: row[0],
    checksum: row[1],
    migrationName: row[2],
    startedAt: new Date(row[3]),
    finishedAt: toDate(row[4]),
    rolledBackAt: toDate(row[5]),
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
    // fail and write an error to that server's log on every poll. Rows come as arrays.
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
