// Drift: the environment's applied migrations replayed in a shadow database, compared with its live schema by
// Prisma's engine (`migrate diff --from-migrations … --to-schema-datasource`). One replay per check: the SQL comes
// from the engine, the readable summary from parsing that SQL (which names every object).
import { toEngineMigrationList } from "../migrations/engine-input";
import { withSchemaEngine, type ShadowProvider } from "../migrations/engine";
import { MigrateError } from "../migrations/errors";
import type { ClassifiedMigration, MigrationsFolder } from "../migrations/types";
import { describeSchemaChanges, type SchemaChange } from "./describe-changes";
import { datasourceSchema, onlyMigrations } from "./engine-schema";
import { findSkippedGuardedObjects } from "./guarded-effects";

/** The applied history itself does not replay on an empty database (it relies on objects made by hand). */
export interface ReplayFailure {
  migrationName: string;
  message: string;
}

export interface DriftResult {
  drifted: boolean;
  /** Applied migrations that do not replay on an empty database (left out of the replay the SQL compares). */
  replayFailures: ReplayFailure[];
  /** The SQL that turns the replayed migrations into the live schema (empty when there is no drift). */
  sql: string;
  /** Objects the live schema has, lacks or has differently; `added` = in the database, not in the migrations. */
  changes: SchemaChange[];
  /** How many applied migrations were replayed. */
  replayedCount: number;
  durationMs: number;
}

export interface DriftProgress {
  phase: "replaying" | "reading" | "comparing";
  done: number;
  total: number;
}

const EMPTY_DIFF = /^\s*(--\s*This is an empty migration\.?\s*)?$/;

/** The migrations a database ran (finished, not rolled back) that the folder has: what a replay rebuilds. */
export function appliedMigrationNames(migrations: ClassifiedMigration[]): string[] {
  return migrations
    .filter((m) => m.local && m.current?.finishedAt && !m.current.rolledBackAt && !m.willApplyOnDeploy)
    .map((m) => m.name);
}

export interface DiffAgainstReplayOptions {
  shadow: ShadowProvider;
  connectTimeoutMs?: number;
  onProgress?: (progress: DriftProgress) => void;
}

export interface ReplayDiff {
  sql: string;
  replayedCount: number;
  /** Applied migrations left out of the replay because they fail on it. */
  replayFailures: ReplayFailure[];
}

/** At most this many applied migrations are left out of one replay before the check gives up. */
const MAX_SKIPPED = 10;

/**
 * The engine's diff from the replayed migrations to the live schema of `url` (read only on the target). An applied
 * migration that does not replay (P3006: it needs objects no earlier migration creates, made by hand) is left out
 * and the replay made again without it, so the diff names the hand-made objects it relied on.
 */
export async function diffReplayToLive(
  url: string,
  folder: MigrationsFolder,
  options: DiffAgainstReplayOptions,
): Promise<ReplayDiff> {
  const skipped: ReplayFailure[] = [];
  for (;;) {
    const left = new Set(skipped.map((f) => f.migrationName));
    const replayed = { ...folder, migrations: folder.migrations.filter((m) => !left.has(m.name)) };
    try {
      return {
        sql: await diffOnce(url, replayed, options),
        replayedCount: replayed.migrations.length,
        replayFailures: skipped,
      };
    } catch (error) {
      const failed =
        error instanceof MigrateError && error.code === "P3006"
          ? replayed.migrations.find((m) => m.name === error.migrationName)
          : undefined;
      if (!failed || skipped.length >= MAX_SKIPPED) throw error;
      skipped.push({ migrationName: failed.name, message: stripBacktrace((error as MigrateError).message) });
    }
  }
}

async function diffOnce(url: string, folder: MigrationsFolder, options: DiffAgainstReplayOptions): Promise<string> {
  const total = folder.migrations.length;
  let done = 0;
  options.onProgress?.({ phase: "replaying", done, total });
  const out = await withSchemaEngine(
    url,
    {
      connectTimeoutMs: options.connectTimeoutMs,
      shadow: options.shadow,
      onShadowScript: () => {
        done += 1;
        options.onProgress?.({ phase: done >= total ? "reading" : "replaying", done: Math.min(done, total), total });
      },
    },
    (engine) =>
      engine.diff({
        from: { tag: "migrations", ...toEngineMigrationList(folder) },
        to: { tag: "schemaDatasource", files: [datasourceSchema()], configDir: folder.dir || "." },
        script: true,
        exitCode: true,
        filters: { externalTables: [], externalEnums: [] },
      }),
  );
  options.onProgress?.({ phase: "comparing", done: total, total });
  const sql = out.stdout ?? "";
  return EMPTY_DIFF.test(sql) ? "" : sql;
}

export async function detectDrift(
  url: string,
  folder: MigrationsFolder,
  migrations: ClassifiedMigration[],
  options: DiffAgainstReplayOptions,
): Promise<DriftResult> {
  const started = performance.now();
  const applied = onlyMigrations(folder, appliedMigrationNames(migrations));
  const [{ sql, replayedCount, replayFailures }, skippedByGuards] = await Promise.all([
    diffReplayToLive(url, applied, options),
    findSkippedGuardedObjects(url, applied.migrations, { connectTimeoutMs: options.connectTimeoutMs }),
  ]);
  const changes = sql ? await describeSchemaChanges(sql) : [];
  const named = new Set(changes.map((c) => `${c.objectType}:${c.object}`));
  changes.push(...skippedByGuards.filter((c) => !named.has(`${c.objectType}:${c.object}`)));
  return {
    drifted: changes.length > 0 || replayFailures.length > 0,
    replayFailures,
    sql,
    changes,
    replayedCount,
    durationMs: Math.round(performance.now() - started),
  };
}

/** The engine appends its Rust span trace ("   0: schema_engine…") to messages: not for people. */
export function stripBacktrace(message: string): string {
  return message.replace(/\n\s*0: [a-z_]+::[\s\S]*$/, "").trim();
}
