// Prisma's real schema engine, run in-process (WASM) against a target database through `@prisma/adapter-pg`.
// The only way Runway writes `_prisma_migrations`: the rows are the ones `prisma migrate` writes.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, DriverAdapterError } from "@prisma/driver-adapter-utils";
import type * as WasmEngine from "@prisma/schema-engine-wasm";
import { parseDatabaseUrl, quoteIdentifier, redactSecrets, toPgConfig, type ParsedDatabaseUrl } from "./database-url";
import { MigrateError, toConnectionError } from "./errors";
import { toEngineMigrationList } from "./engine-input";
import { validateMigrationName } from "./folder";
import { describeScriptError } from "./script-error";
import type { MigrationsFolder } from "./types";

type EngineModule = typeof WasmEngine;
export type SchemaEngine = WasmEngine.SchemaEngine;

export interface EngineLogLine {
  level: string;
  message: string;
  /** The migration the line is about (set on "Applying `X`" and what follows). */
  migrationName: string | null;
  at: Date;
}

export interface EngineOptions {
  onLog?: (line: EngineLogLine) => void;
  connectTimeoutMs?: number;
  /** Runway's own state database (its own migrations): not subject to the target policy. */
  ownState?: boolean;
  /**
   * Where the engine gets a shadow database (diff from migrations, dev diagnostics): a throwaway database on a
   * server Runway owns (lib/schema/shadow-service.ts). Without it, asking for a shadow fails: the stock
   * PrismaPg.connectToShadowDb() builds its pool from the main connection string, so it would replay into the target.
   */
  shadow?: ShadowProvider;
  /** Called after each script the engine runs on the shadow (replay progress). */
  onShadowScript?: () => void;
}

/** A throwaway database for the engine's shadow; `release` drops it (or hands it on, see lib/schema/dry-run.ts). */
export interface ShadowLease {
  url: string;
  release(): Promise<void>;
}
export type ShadowProvider = () => Promise<ShadowLease>;

/**
 * Process-wide, not module-wide: Next bundles this file into several route chunks, each with its own module
 * scope, while the engine's JS bindings are one external module holding one WASM instance. Two copies each
 * instantiating "their" engine would swap the instance under the other's running engine and corrupt it.
 */
const shared = ((
  globalThis as unknown as { runwaySchemaEngine?: { module: Promise<EngineModule> | null; queue: Promise<unknown> } }
).runwaySchemaEngine ??= {
  module: null,
  queue: Promise.resolve(),
});

/**
 * Instantiates the WASM module ourselves: the package's entry imports the `.wasm` as an ES module, which
 * Node only allows behind --experimental-wasm-modules.
 */
async function loadEngineModule(): Promise<EngineModule> {
  shared.module ??= (async () => {
    // Not `import { createRequire }`: Turbopack rewrites createRequire(import.meta.url).resolve() into a module
    // id at build time; fetching the builtin at run time keeps a real resolver in the built server.
    const { createRequire } = process.getBuiltinModule("node:module") as typeof import("node:module");
    const require = createRequire(import.meta.url);
    const bindingsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bindings = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as EngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const bytes = fs.readFileSync(path.join(path.dirname(bindingsPath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return shared.module.catch((error) => {
    shared.module = null;
    throw new MigrateError("RW_ENGINE", `Could not load the Prisma schema engine: ${String(error)}`, { cause: error });
  });
}

/** The engine's version (the prisma-engines commit it was built from). */
export async function getEngineVersion(): Promise<string> {
  return (await loadEngineModule()).version();
}

/**
 * The stock adapter splits scripts on every `;` (breaking `DO $$ … $$` and function bodies) and runs the pieces
 * one by one (leaving half a migration behind on failure). The native engine sends the whole script as one
 * simple-protocol query, which PostgreSQL runs as one implicit transaction: do the same.
 */
function sendScriptsWhole(adapter: { executeScript(script: string): Promise<void> }, pool: pg.Pool) {
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      const e = error as pg.DatabaseError;
      if (!e.code || !/^[0-9A-Z]{5}$/.test(e.code)) throw error;
      throw new DriverAdapterError({
        kind: "postgres",
        // The engine replaces the message of some well-known codes with a terse one of its own ("No such table");
        // an unknown code keeps our full message, which names the real code, the line and the statement.
        code: "RW000",
        severity: e.severity ?? "ERROR",
        message: describeScriptError(script, e),
        detail: e.detail,
        column: e.column,
        hint: e.hint,
      });
    }
  };
}

/** PostgreSQL's one-byte `"char"` type (pg_constraint.contype, pg_class.relkind…). */
const CHAR_OID = 18;
const TEXT_OID = 25;
/** ColumnTypeEnum.Character in @prisma/driver-adapter-utils. */
const CHARACTER_COLUMN_TYPE = 6;

type QueryableAdapter = {
  queryRaw(query: object): Promise<{ columnTypes: number[] }>;
  performIO(query: object): Promise<{ fields: Array<{ dataTypeID: number }> }>;
};

/**
 * adapter-pg cannot map `"char"` columns ("Column type 'char' could not be deserialized"), which the engine's
 * catalog queries read when it describes a live schema (diff, introspect). The engine expects them as Prisma's
 * Character column type; as text it panics. Fields of each query are rewritten per query object, so concurrent
 * queries never see each other's columns.
 */
function readCharColumns(adapter: object) {
  const a = adapter as QueryableAdapter;
  const charColumnsOf = new WeakMap<object, number[]>();
  const performIO = a.performIO.bind(a);
  a.performIO = async (query) => {
    const result = await performIO(query);
    const chars = charColumnsOf.get(query);
    result.fields.forEach((field, i) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = TEXT_OID;
      chars?.push(i);
    });
    return result;
  };
  const queryRaw = a.queryRaw.bind(a);
  a.queryRaw = async (query) => {
    const chars: number[] = [];
    charColumnsOf.set(query, chars);
    const result = await queryRaw(query);
    for (const i of chars) result.columnTypes[i] = CHARACTER_COLUMN_TYPE;
    return result;
  };
}

/** Connects the engine's shadow to a database from `provider`, never to the main one. */
function connectShadow(
  provider: ShadowProvider | undefined,
  schema: string,
  options: EngineOptions,
  opened: Set<() => Promise<void>>,
) {
  return async () => {
    if (!provider)
      throw new MigrateError(
        "RW_NO_SHADOW",
        "This operation needs a shadow database, and none was provided (Runway never lets the engine create one on the target's server).",
      );
    const lease = await provider();
    const shadowTarget = parseDatabaseUrl(lease.url);
    const pool = new pg.Pool({
      ...toPgConfig(
        { ...shadowTarget, schema },
        { connectTimeoutMs: options.connectTimeoutMs, applicationName: "runway (shadow database)" },
      ),
      max: 1,
      idleTimeoutMillis: 0,
    });
    pool.on("error", () => {});
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      opened.delete(release);
      await pool.end().catch(() => {});
      await lease.release();
    };
    opened.add(release);
    try {
      if (schema !== "public") await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
      const adapter = await new PrismaPg(pool, { schema }).connect();
      sendScriptsWhole(adapter, pool);
      readCharColumns(adapter);
      if (options.onShadowScript) {
        const executeScript = adapter.executeScript.bind(adapter);
        adapter.executeScript = async (script: string) => {
          await executeScript(script);
          options.onShadowScript?.();
        };
      }
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose().catch(() => {});
        await release();
      };
      return adapter;
    } catch (error) {
      await release();
      throw error;
    }
  };
}

function parseEngineLog(raw: string, current: { migrationName: string | null }): EngineLogLine | null {
  try {
    const parsed = JSON.parse(raw) as {
      level?: string;
      fields?: Record<string, unknown>;
      span?: Record<string, unknown>;
    };
    const fields = parsed.fields ?? {};
    const migrationName =
      (typeof parsed.span?.migration_name === "string" ? parsed.span.migration_name : null) ??
      (typeof fields.migration_name === "string" ? fields.migration_name : null);
    if (migrationName) current.migrationName = migrationName;
    return {
      level: parsed.level ?? "INFO",
      message: redactSecrets(String(fields.message ?? "")),
      migrationName: migrationName ?? null,
      at: new Date(),
    };
  } catch {
    return { level: "INFO", message: redactSecrets(raw.trim()), migrationName: null, at: new Date() };
  }
}

/** Maps what the engine throws to a MigrateError with Prisma's code (the CLI adds P3018 itself, so do we). */
function toMigrateError(error: unknown, target: ParsedDatabaseUrl, lastMigration: string | null): MigrateError {
  if (error instanceof MigrateError) return error;
  const e = error as { code?: string; message?: string; name?: string };
  const message = redactSecrets(e?.message ?? String(error));
  if (e?.code && /^P\d{4}$/.test(e.code)) {
    const named = /`([^`]+)`/.exec(message)?.[1] ?? null;
    return new MigrateError(e.code, message, { migrationName: named, cause: error });
  }
  const scriptFailure = /apply_script[\s\S]*?migration_name="([^"]+)"/.exec(message);
  if (scriptFailure) {
    const name = scriptFailure[1];
    return new MigrateError(
      "P3018",
      `Migration \`${name}\` failed to apply. New migrations cannot be applied before the error is recovered from.\n\n${message}`,
      { migrationName: name, cause: error },
    );
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|timeout|terminated|Connection|reach/i.test(message))
    return toConnectionError(error, `${target.host}:${target.port}`);
  return new MigrateError("RW_ENGINE", `The Prisma schema engine failed: ${message}`, {
    migrationName: lastMigration,
    cause: error,
  });
}

/**
 * One engine at a time per process: the WASM instance is shared, and engines interleaving their async calls in
 * it are not something the engine was built for (a CLI runs one). Calls queue here; each gets a fresh engine.
 */

/** Runs `fn` with a fresh engine on one dedicated connection, closed afterwards (which releases the migrate lock). */
export function withSchemaEngine<T>(
  url: string,
  options: EngineOptions,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const run = shared.queue.then(
    () => runSchemaEngine(url, options, fn),
    () => runSchemaEngine(url, options, fn),
  );
  shared.queue = run.catch(() => {});
  return run;
}

async function runSchemaEngine<T>(
  url: string,
  options: EngineOptions,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const target = parseDatabaseUrl(url);
  const bindings = await loadEngineModule();
  // One connection, never recycled while idle: Prisma's advisory lock is session-level and must stay on the
  // session that runs the migrations.
  const pool = new pg.Pool({
    ...toPgConfig(target, {
      connectTimeoutMs: options.connectTimeoutMs,
      applicationName: "runway (prisma schema engine)",
      ownState: options.ownState,
    }),
    max: 1,
    idleTimeoutMillis: 0,
  });
  pool.on("error", () => {}); // a dropped connection surfaces as the failing query's error
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => {});
    throw toConnectionError(error, `${target.host}:${target.port}`);
  }
  // If this process dies mid-migration, PostgreSQL would otherwise run the script to its end for nobody and
  // keep Prisma's lock meanwhile; with this it notices the lost client within a second, rolls the script back
  // and releases the lock (PostgreSQL 14+; older servers lack the setting, which is fine).
  await pool.query("SET client_connection_check_interval = 1000").catch(() => {});
  const factory = new PrismaPg(pool, { schema: target.schema });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    sendScriptsWhole(adapter, pool);
    readCharColumns(adapter);
    return adapter;
  };
  const openShadows = new Set<() => Promise<void>>();
  factory.connectToShadowDb = connectShadow(options.shadow, target.schema, options, openShadows);
  const current = { migrationName: null as string | null };
  const onLog = (raw: string) => {
    const line = parseEngineLog(raw, current);
    if (line && options.onLog) options.onLog(line);
  };
  let engine: SchemaEngine | null = null;
  try {
    engine = await bindings.SchemaEngine.new(
      { datamodels: undefined },
      onLog,
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    return await fn(engine);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) shared.module = null; // a trapped instance is not reused
    throw toMigrateError(error, target, current.migrationName);
  } finally {
    try {
      engine?.free();
    } catch {
      // freeing after a trap can throw; the pool below is what holds real resources
    }
    // A shadow the engine did not dispose of (it failed mid-way) is dropped here, never left behind.
    for (const release of [...openShadows]) await release().catch(() => {});
    await pool.end().catch(() => {});
  }
}

function assertDeployable(folder: MigrationsFolder) {
  const missing = folder.problems.filter((p) => p.kind === "missing_migration_sql");
  if (missing.length > 0) {
    throw new MigrateError(
      "P3015",
      `Could not find the migration file at ${missing.map((p) => `${p.path}/migration.sql`).join(", ")}. ` +
        "Please delete the directory or restore the migration file.",
    );
  }
  const provider = folder.lockfile?.provider;
  if (provider && provider !== "postgresql" && provider !== "postgres") {
    throw new MigrateError(
      "P3019",
      `The datasource provider \`postgresql\` does not match \`${provider}\` in migration_lock.toml. ` +
        "These migrations were created for another database.",
    );
  }
}

function assertValidName(name: string) {
  const problem = validateMigrationName(name);
  if (problem) throw new MigrateError("RW_INVALID_NAME", problem, { migrationName: null });
}

/** `prisma migrate deploy`: applies every pending migration in order; stops at the first failure (P3018). */
export async function deployMigrations(
  url: string,
  folder: MigrationsFolder,
  options: EngineOptions = {},
): Promise<{ appliedMigrationNames: string[] }> {
  assertDeployable(folder);
  return withSchemaEngine(url, options, async (engine) => {
    const output = await engine.applyMigrations({
      migrationsList: toEngineMigrationList(folder),
      filters: { externalTables: [], externalEnums: [] },
    });
    return { appliedMigrationNames: output.appliedMigrationNames };
  });
}

/** `prisma migrate resolve --rolled-back NAME`: marks the failed attempt(s) of NAME rolled back. */
export async function resolveRolledBack(
  url: string,
  migrationName: string,
  options: EngineOptions = {},
): Promise<void> {
  assertValidName(migrationName);
  await withSchemaEngine(url, options, (engine) => engine.markMigrationRolledBack({ migrationName }));
}

/** `prisma migrate resolve --applied NAME`: records NAME as applied without running it (needs the local file). */
export async function resolveApplied(
  url: string,
  folder: MigrationsFolder,
  migrationName: string,
  options: EngineOptions = {},
): Promise<void> {
  assertValidName(migrationName);
  if (!folder.migrations.some((m) => m.name === migrationName)) {
    throw new MigrateError(
      "P3017",
      `The migration \`${migrationName}\` could not be found in the migrations folder. ` +
        "Please make sure the migration exists and that you passed the whole migration name.",
      { migrationName },
    );
  }
  await withSchemaEngine(url, options, (engine) =>
    engine.markMigrationApplied({ migrationName, migrationsList: toEngineMigrationList(folder) }),
  );
}

export type EngineDiagnosis = WasmEngine.DiagnoseMigrationHistoryOutput;

/** `prisma migrate status` without a shadow database: the engine's own reading, used for parity checks. */
export async function diagnoseHistory(
  url: string,
  folder: MigrationsFolder,
  options: EngineOptions = {},
): Promise<EngineDiagnosis> {
  return withSchemaEngine(url, options, (engine) =>
    engine.diagnoseMigrationHistory({
      migrationsList: toEngineMigrationList(folder),
      optInToShadowDatabase: false,
      filters: { externalTables: [], externalEnums: [] },
    }),
  );
}

/**
 * The SQL that takes a database from the `from` schema to the `to` schema (what `prisma migrate dev
 * --create-only` writes); `from: null` means an empty database. Schema-to-schema: the WASM engine cannot yet
 * describe a live PostgreSQL catalog through the pg adapter ("char" columns), which replaying migrations needs.
 */
/** Schema-to-schema SQL for Runway's own migrations (scripts/create-own-migration.ts): its own database, no target. */
export async function diffSchemas(
  url: string,
  from: { path: string; content: string } | null,
  to: { path: string; content: string },
) {
  return withSchemaEngine(url, { ownState: true }, async (engine) => {
    const result = await engine.diff({
      from: from ? { tag: "schemaDatamodel", files: [from] } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [to] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  });
}
