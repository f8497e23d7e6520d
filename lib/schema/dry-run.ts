// The real dry run of a deploy: in a shadow database, the target's schema as it really is (its applied
// migrations replayed, then its drift applied), its `_prisma_migrations` rows copied, then `migrate deploy` by
// Prisma's engine. Its verdict is what the real deploy would do, short of data-dependent failures (the shadow
// has no rows) and objects outside Prisma's model (functions, grants…) made by hand.
import pg from "pg";
import { quoteIdentifier } from "../migrations/database-url";
import { deployMigrations, type ShadowLease, type ShadowProvider } from "../migrations/engine";
import { MigrateError } from "../migrations/errors";
import type { MigrationStatus } from "../migrations/status";
import type { MigrationRow, MigrationsFolder } from "../migrations/types";
import { appliedMigrationNames, diffReplayToLive, stripBacktrace, type DriftProgress } from "./drift";
import { parseMigrationScript } from "../sql/parse-script";
import { onlyMigrations } from "./engine-schema";
import type { DryRunView } from "./views";

/** The dry run's result is what the API shows (lib/schema/views.ts holds the one definition). */
export type DryRunResult = DryRunView;
export type DryRunVerdict = DryRunView["verdict"];

export interface DryRunOptions {
  shadow: ShadowProvider;
  connectTimeoutMs?: number;
  onProgress?: (progress: DriftProgress | { phase: "deploying"; done: number; total: number }) => void;
}

const MIGRATIONS_TABLE = `CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

async function reproduceTarget(url: string, schema: string, driftSql: string, rows: MigrationRow[]): Promise<void> {
  const client = new pg.Client({
    connectionString: url,
    application_name: "runway (dry run)",
    options: `-c search_path=${quoteIdentifier(schema).replace(/ /g, "\\ ")}`,
  });
  await client.connect();
  try {
    // The drift SQL may hold its own BEGIN/COMMIT (enum changes): one simple-protocol script, as the engine sends it.
    if (driftSql) await client.query(driftSql);
    await client.query(MIGRATIONS_TABLE);
    for (const r of rows)
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [r.id, r.checksum, r.finishedAt, r.migrationName, r.logs, r.rolledBackAt, r.startedAt, r.appliedStepsCount],
      );
  } finally {
    await client.end().catch(() => {});
  }
}

/** Reads Prisma's P3018 message: the migration, the database error, the line and statement Runway stored. */
function toFailure(error: MigrateError): NonNullable<DryRunResult["failure"]> {
  const position = /Position: line (\d+), column \d+ of migration\.sql\n\s*\d+ \| (.*)/.exec(error.message);
  return {
    migrationName: error.migrationName ?? null,
    code: /Database error code: (\w+)/.exec(error.message)?.[1] ?? error.code,
    message: stripBacktrace(error.message),
    line: position ? Number(position[1]) : null,
    statement: position ? position[2] : null,
  };
}

/**
 * PostgreSQL gives no position for many errors (a missing relation in ALTER TABLE): the failed migration is run
 * again in the shadow one statement at a time, inside a transaction rolled back, to find the statement that fails.
 */
async function locateFailingStatement(
  url: string,
  schema: string,
  sql: string,
): Promise<{ line: number; statement: string } | Record<string, never>> {
  const parsed = await parseMigrationScript(sql);
  if (!parsed.ok || parsed.statements.some((s) => s.kind === "TransactionStmt")) return {};
  const client = new pg.Client({
    connectionString: url,
    application_name: "runway (dry run)",
    options: `-c search_path=${quoteIdentifier(schema).replace(/ /g, "\\ ")}`,
  });
  await client.connect();
  try {
    await client.query("BEGIN");
    for (const s of parsed.statements) {
      try {
        await client.query(s.text);
      } catch {
        return { line: s.line, statement: s.text.trim() };
      }
    }
    return {};
  } finally {
    await client.query("ROLLBACK").catch(() => {});
    await client.end().catch(() => {});
  }
}

export async function dryRunDeploy(
  url: string,
  schema: string,
  folder: MigrationsFolder,
  status: MigrationStatus,
  options: DryRunOptions,
): Promise<DryRunResult> {
  const started = performance.now();
  // The replay the engine's diff makes is kept (not dropped on release) and becomes the dry run's database.
  // A replay that failed on a migration is made again without it: the last replay is the one kept.
  let kept: ShadowLease | null = null;
  const keepShadow: ShadowProvider = async () => {
    const lease = await options.shadow();
    await (kept as ShadowLease | null)?.release();
    kept = lease;
    return { url: lease.url, release: async () => {} };
  };
  const result = (partial: Omit<DryRunResult, "durationMs">): DryRunResult => ({
    ...partial,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const applied = onlyMigrations(folder, appliedMigrationNames(status.migrations));
    const { sql: driftSql } = await diffReplayToLive(url, applied, {
      shadow: keepShadow,
      connectTimeoutMs: options.connectTimeoutMs,
      onProgress: options.onProgress,
    });
    const replay = kept as ShadowLease | null;
    if (!replay) throw new MigrateError("RW_DRY_RUN", "The engine did not build the replay database.");
    const shadowUrl = `${replay.url}?schema=${encodeURIComponent(schema)}`;
    try {
      await reproduceTarget(shadowUrl, schema, driftSql, status.history.rows);
    } catch (error) {
      return result({
        verdict: "inconclusive",
        appliedMigrationNames: [],
        failure: null,
        reason: `The target's schema could not be reproduced in the shadow database (its drift does not apply to the replayed migrations: ${(error as Error).message}).`,
        driftApplied: false,
      });
    }
    const pending = status.migrations.filter((m) => m.willApplyOnDeploy && m.local).length;
    options.onProgress?.({ phase: "deploying", done: 0, total: pending });
    try {
      const deployed = await deployMigrations(shadowUrl, folder, { connectTimeoutMs: options.connectTimeoutMs });
      return result({
        verdict: "succeeds",
        appliedMigrationNames: deployed.appliedMigrationNames,
        failure: null,
        reason: null,
        driftApplied: driftSql !== "",
      });
    } catch (error) {
      if (!(error instanceof MigrateError) || error.code !== "P3018") throw error;
      const failure = toFailure(error);
      const migration = folder.migrations.find((m) => m.name === failure.migrationName);
      if (failure.line === null && migration)
        Object.assign(failure, await locateFailingStatement(shadowUrl, schema, migration.sql));
      return result({
        verdict: "fails",
        appliedMigrationNames: [],
        failure,
        reason: null,
        driftApplied: driftSql !== "",
      });
    }
  } catch (error) {
    return result({
      verdict: "inconclusive",
      appliedMigrationNames: [],
      failure: null,
      reason: `The dry run could not run: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      driftApplied: false,
    });
  } finally {
    await (kept as ShadowLease | null)?.release().catch(() => {});
  }
}
