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

interface RawRow {
  id: string;
  checksum: string;
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

function toMigrationRow(row: RawRow): MigrationRow {
  return {
    id: row.id,
    checksum: row.checksum,
    migrationName: row.migration_name,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    rolledBackAt: row.rolled_back_at,
    logs: row.logs,
    appliedStepsCount: row.applied_steps_count,
  };
}

async function readLockHolder(client: pg.Client): Promise<LockHolder | null> {
  const { rows } = await client.query<{
    pid: number;
    application_name: string | null;
    client_addr: string | null;
    since: Date | null;
    state: string | null;
  }>(
    `SELECT l.pid, a.application_name, host(a.client_addr) AS client_addr,
            coalesce(a.xact_start, a.query_start, a.backend_start) AS since, a.state
       FROM pg_locks l
       LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted
        AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      LIMIT 1`,
    [PRISMA_ADVISORY_LOCK_KEY],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    pid: row.pid,
    applicationName: row.application_name || null,
    clientAddress: row.client_addr,
    since: row.since,
    state: row.state,
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
    await client.query("BEGIN TRANSACTION READ ONLY");
    const meta = await client.query<{ server_version: string; table: string | null }>(
      "SELECT current_setting('server_version') AS server_version, to_regclass($1)::text AS table",
      [`${quoteIdentifier(target.schema)}._prisma_migrations`],
    );
    const { server_version: serverVersion, table } = meta.rows[0];
    const rows = table
      ? (
          await client.query<RawRow>(
            `SELECT id, checksum, migration_name, started_at, finished_at, rolled_back_at, logs, applied_steps_count
               FROM ${quoteIdentifier(target.schema)}._prisma_migrations
              ORDER BY started_at ASC, id ASC`,
          )
        ).rows.map(toMigrationRow)
      : [];
    const lockHolder = await readLockHolder(client);
    await client.query("COMMIT");
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
