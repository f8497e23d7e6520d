// Benchmark of the failure analysis on a large database (issue 11): langfuse's 434 real migrations replayed by
// Prisma's engine, then generated migrations until the schema holds 300 tables (with their columns, keys,
// indexes, foreign keys and enums), then a migration that fails on it. Times analyzeFailure (what the migration
// page's diagnosis runs) and prints it with the figure measured on main before the change. A benchmark, not a
// test: it prints figures and PASS/MISS, and exits 0.
//
//   npm run bench:diagnosis                          (embedded PostgreSQL 18 in a temp dir)
//   RUNWAY_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:diagnosis
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { analyzeFailure } from "../lib/diagnosis/analyze-failure";
import { withDatabaseName } from "../lib/migrations/database-url";
import { deployMigrations } from "../lib/migrations/engine";
import { MigrateError } from "../lib/migrations/errors";
import { readMigrationsFolder } from "../lib/migrations/folder";
import { readMigrationHistory } from "../lib/migrations/history";
import { CORPORA_DIR } from "../lib/testing/corpora";
import { startEmbeddedPostgres } from "../lib/testing/embedded-postgres";

const TABLES = 300;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET_MS = 300;
/** Measured with this script on main at 45dc8a5, before the change (same machine, same database). */
const BEFORE = { medianMs: 260, p95Ms: 580, queries: 12, rows: 6_047 };

const FAILING = "20990101000000_bench_failing";
/** Touches a real table of langfuse (a column, an index), makes an enum, then fails on a table that does not exist. */
const FAILING_SQL = `-- AlterTable
ALTER TABLE "datasets" ADD COLUMN "bench_note" TEXT;

-- CreateIndex
CREATE INDEX "datasets_bench_note_idx" ON "datasets"("bench_note");

-- CreateEnum
CREATE TYPE "BenchKind" AS ENUM ('a', 'b');

-- AlterTable
ALTER TABLE "bench_missing" ADD COLUMN "kind" "BenchKind";
`;

const log = (line: string) => console.log(`· ${line}`);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/** Generated Prisma-style migrations: tables with a key, columns, an enum column, an index and a foreign key. */
function writeGeneratedMigrations(dir: string, from: number, count: number): void {
  for (let i = from; i < from + count; i++) {
    const name = `${20980101000000 + i}_bench_table_${i}`;
    const t = `bench_t${i}`;
    const sql = `-- CreateEnum
CREATE TYPE "${t}_status" AS ENUM ('new', 'done');

-- CreateTable
CREATE TABLE "${t}" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "${t}_status" NOT NULL DEFAULT 'new',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "parentId" TEXT,

    CONSTRAINT "${t}_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "${t}_name_idx" ON "${t}"("name");
${i > from ? `\n-- AddForeignKey\nALTER TABLE "${t}" ADD CONSTRAINT "${t}_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "bench_t${i - 1}"("id") ON DELETE SET NULL ON UPDATE CASCADE;\n` : ""}`;
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
}

async function main() {
  const cleanups: Array<() => Promise<void>> = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-diagnosis-"));
  cleanups.push(async () => fs.rmSync(tmp, { recursive: true, force: true }));
  try {
    let serverUrl = process.env.RUNWAY_BENCH_DATABASE_URL ?? "";
    if (!serverUrl) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-pg-"));
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      const server = await startEmbeddedPostgres({ dataDir, persistent: false });
      serverUrl = server.adminUrl;
      cleanups.unshift(() => server.stop());
    }
    const name = `rw_bench_diag_${crypto.randomBytes(3).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    cleanups.unshift(async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    });
    const url = withDatabaseName(serverUrl, name);

    // langfuse as released, then generated migrations until the schema holds TABLES tables.
    const dir = path.join(tmp, "migrations");
    fs.cpSync(path.join(CORPORA_DIR, "langfuse", "migrations"), dir, { recursive: true });
    let started = performance.now();
    const langfuse = await deployMigrations(url, await readMigrationsFolder(dir));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const countTables = async () =>
      Number(
        (
          await client.query<{ n: string }>(
            "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'",
          )
        ).rows[0].n,
      );
    const fromLangfuse = await countTables();
    writeGeneratedMigrations(dir, 1, TABLES - fromLangfuse);
    const generated = await deployMigrations(url, await readMigrationsFolder(dir));
    fs.mkdirSync(path.join(dir, FAILING));
    fs.writeFileSync(path.join(dir, FAILING, "migration.sql"), FAILING_SQL);
    const failed = await deployMigrations(url, await readMigrationsFolder(dir)).catch((e: unknown) => e);
    if (!(failed instanceof MigrateError) || failed.code !== "P3018") throw new Error(`expected P3018, got ${failed}`);
    const catalog = (
      await client.query<{ tables: string; indexes: string; columns: string; constraints: string; types: string }>(
        `SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations') AS tables,
                (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'i') AS indexes,
                (SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND a.attnum > 0) AS columns,
                (SELECT count(*) FROM pg_constraint o JOIN pg_namespace n ON n.oid = o.connamespace WHERE n.nspname = 'public') AS constraints,
                (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public') AS types`,
      )
    ).rows[0];
    await client.end();
    log(
      `database: ${langfuse.appliedMigrationNames.length} langfuse + ${generated.appliedMigrationNames.length} generated migrations by Prisma's engine in ${((performance.now() - started) / 1000).toFixed(1)} s — ${catalog.tables} tables, ${catalog.indexes} indexes, ${catalog.columns} columns, ${catalog.constraints} constraints, ${catalog.types} types; ${FAILING} failed (P3018)`,
    );

    const row = (await readMigrationHistory(url)).rows.find((r) => r.migrationName === FAILING)!;
    const migration = { name: FAILING, sql: FAILING_SQL, logs: row.logs };
    // Counts the statements sent and the rows they return during one analysis (every pg.Client's query).
    const counted = { queries: 0, rows: 0 };
    const query = pg.Client.prototype.query as (...args: unknown[]) => Promise<unknown>;
    (pg.Client.prototype as unknown as { query: typeof query }).query = async function (this: pg.Client, ...args) {
      const result = await query.apply(this, args);
      const results = (Array.isArray(result) ? result : [result]) as Array<{ command?: string; rows?: unknown[] }>;
      for (const r of results) {
        if (r?.command !== "SELECT") continue;
        counted.queries++;
        counted.rows += r.rows?.length ?? 0;
      }
      return result;
    };
    await analyzeFailure(url, migration);
    (pg.Client.prototype as unknown as { query: typeof query }).query = query;
    const times: number[] = [];
    let analysis: Awaited<ReturnType<typeof analyzeFailure>> | null = null;
    for (let run = 0; run <= RUNS; run++) {
      started = performance.now();
      analysis = await analyzeFailure(url, migration);
      if (run > 0) times.push(performance.now() - started); // run 0 warms the parser and the connection path
    }
    log(
      `analysis: ${analysis!.statements.map((s) => `line ${s.line} ${s.presence}`).join(", ")}; failed at line ${analysis!.failedStatement?.line}; recommends ${analysis!.recommendation.choice}`,
    );
    const median = percentile(times, 50);
    const p95 = percentile(times, 95);
    console.log("");
    console.log(`| Figure                                     | Before (main) | Now       | Target    | Result |`);
    console.log(`|--------------------------------------------|---------------|-----------|-----------|--------|`);
    console.log(
      `| analyzeFailure, ${catalog.tables}-table database, median | ${`${BEFORE.medianMs} ms`.padEnd(13)} | ${`${median.toFixed(0)} ms`.padEnd(9)} | ≤ ${TARGET_MS} ms | ${median <= TARGET_MS ? "PASS" : "MISS"}   |`,
    );
    console.log(
      `| catalog queries per analysis               | ${String(BEFORE.queries).padEnd(13)} | ${String(counted.queries).padEnd(9)} | —         |        |`,
    );
    console.log(
      `| catalog rows read per analysis             | ${String(BEFORE.rows).padEnd(13)} | ${String(counted.rows).padEnd(9)} | —         |        |`,
    );
    console.log(
      `| analyzeFailure, p95 of ${RUNS}                      | ${`${BEFORE.p95Ms} ms`.padEnd(13)} | ${`${p95.toFixed(0)} ms`.padEnd(9)} | ≤ ${TARGET_MS} ms | ${p95 <= TARGET_MS ? "PASS" : "MISS"}   |`,
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error) => console.error("[cleanup]", error));
  }
}

await main();
