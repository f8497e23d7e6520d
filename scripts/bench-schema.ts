// Benchmark of schema truth (issue 12) on the 434-migration langfuse history, in one run:
//   1. drift (lib/schema/drift.ts) next to the bare engine's `diff` from the same migrations to the same database;
//   2. the deploy dry run (5 pending) next to a bare replay + apply (the engine deploying all 434 to an empty database);
//   3. the overview's warm p95 (20 ms polling, in-process) idle, then while a drift check and a dry run run.
// A benchmark, not a test: it prints figures (medians of BENCH_ROUNDS, default 4) and exits 0.
//
//   npm run bench:schema                                     (embedded PostgreSQL 18 in a temp dir)
//   RUNWAY_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:schema
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createEnvironment, createProject } from "../lib/environments/registry";
import { createStatusService } from "../lib/environments/status-service";
import { withDatabaseName } from "../lib/migrations/database-url";
import { deployMigrations, withSchemaEngine } from "../lib/migrations/engine";
import { toEngineMigrationList } from "../lib/migrations/engine-input";
import { readMigrationsFolder } from "../lib/migrations/folder";
import { readMigrationStatus } from "../lib/migrations/status";
import { detectDrift } from "../lib/schema/drift";
import { createDriftService } from "../lib/schema/drift-service";
import { dryRunDeploy } from "../lib/schema/dry-run";
import { datasourceSchema } from "../lib/schema/engine-schema";
import { createShadowService } from "../lib/schema/shadow-service";
import { applyOwnMigrations } from "../lib/server/bootstrap";
import { createPrisma } from "../lib/server/db";
import { startEmbeddedPostgres } from "../lib/testing/embedded-postgres";
import { CORPORA_DIR as CORPORA } from "../lib/testing/corpora";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const ENVIRONMENTS = Number(process.env.BENCH_ENVIRONMENTS ?? 10);
const log = (line: string) => console.log(`· ${line}`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p95 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];
const ms = (n: number) => (n < 10 ? `${n.toFixed(2)} ms` : `${Math.round(n)} ms`);

async function admin(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** Overview latencies, one call every 20 ms, until `until` settles (or for `forMs`). */
async function pollOverview(
  getOverview: () => Promise<unknown>,
  until: Promise<unknown> | null,
  forMs = 3000,
): Promise<number[]> {
  const latencies: number[] = [];
  let done = false;
  if (until) void until.finally(() => (done = true));
  const deadline = performance.now() + forMs;
  while (until ? !done : performance.now() < deadline) {
    const started = performance.now();
    await getOverview();
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return latencies;
}

async function main() {
  let serverUrl = process.env.RUNWAY_BENCH_DATABASE_URL ?? "";
  let stopServer = async () => {};
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-pg-"));
    const server = await startEmbeddedPostgres({ dataDir, persistent: false });
    serverUrl = server.adminUrl;
    stopServer = async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const prefix = `rw_bench_schema_${crypto.randomBytes(3).toString("hex")}`;
  const databases: string[] = [];
  const create = async (name: string) => {
    await admin(serverUrl, `CREATE DATABASE "${prefix}_${name}"`);
    databases.push(`${prefix}_${name}`);
    return withDatabaseName(serverUrl, `${prefix}_${name}`);
  };
  const shadow = await createShadowService({ serverUrl });
  let prisma: ReturnType<typeof createPrisma> | null = null;
  try {
    const folder = await readMigrationsFolder(path.join(CORPORA, "langfuse/migrations"));
    const behind = { ...folder, migrations: folder.migrations.slice(0, -5) };
    log(`langfuse: ${folder.migrations.length} migrations; ${ROUNDS} rounds each, medians`);
    const full = await create("full");
    await deployMigrations(full, folder);
    const behindUrl = await create("behind");
    await deployMigrations(behindUrl, behind);
    const fullStatus = await readMigrationStatus(full, folder);

    // 1. Drift vs the bare engine diff.
    const bare: number[] = [];
    const drift: number[] = [];
    const runBare = async () =>
      bare.push(
        (
          await timed(() =>
            withSchemaEngine(full, { shadow: shadow.provide }, (engine) =>
              engine.diff({
                from: { tag: "migrations", ...toEngineMigrationList(folder) },
                to: { tag: "schemaDatasource", files: [datasourceSchema()], configDir: "." },
                script: true,
                exitCode: true,
                filters: { externalTables: [], externalEnums: [] },
              }),
            ),
          )
        ).ms,
      );
    const runDrift = async () => {
      const d = await timed(() => detectDrift(full, folder, fullStatus.migrations, { shadow: shadow.provide }));
      if (d.value.drifted) throw new Error("the clean database reads as drifted");
      drift.push(d.ms);
    };
    // Alternating which goes first, so a load spike on a shared machine does not always land on the same side.
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) await runBare().then(runDrift);
      else await runDrift().then(runBare);
    }
    log(`drift rounds: ${drift.map(ms).join(", ")}; bare diff rounds: ${bare.map(ms).join(", ")}`);
    const driftRatio = median(drift) / median(bare);
    console.log(
      `\nDrift (434 replayed): ${ms(median(drift))} vs bare engine diff ${ms(median(bare))}: ${driftRatio.toFixed(2)}× (target ≤ 1.2×)`,
    );

    // 2. Dry run vs bare replay + apply.
    const bareDeploy: number[] = [];
    const dry: number[] = [];
    const behindStatus = await readMigrationStatus(behindUrl, folder);
    const runBareDeploy = async () => {
      const lease = await shadow.provide();
      bareDeploy.push((await timed(() => deployMigrations(lease.url, folder))).ms);
      await lease.release();
    };
    const runDry = async () => {
      const d = await timed(() => dryRunDeploy(behindUrl, "public", folder, behindStatus, { shadow: shadow.provide }));
      if (d.value.verdict !== "succeeds")
        throw new Error(`dry run: ${d.value.verdict} ${d.value.reason ?? d.value.failure?.message}`);
      dry.push(d.ms);
    };
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) await runBareDeploy().then(runDry);
      else await runDry().then(runBareDeploy);
    }
    log(`dry run rounds: ${dry.map(ms).join(", ")}; bare replay + apply rounds: ${bareDeploy.map(ms).join(", ")}`);
    const dryRatio = median(dry) / median(bareDeploy);
    console.log(
      `Dry run (429 replayed + 5 applied): ${ms(median(dry))} vs bare replay + apply ${ms(median(bareDeploy))}: ${dryRatio.toFixed(2)}× (target ≤ 1.3×)`,
    );

    // 3. The overview's warm p95 while a drift check and a dry run run in the same process.
    const stateUrl = await create("state");
    await applyOwnMigrations(stateUrl);
    prisma = createPrisma(stateUrl, { poolSize: 10 });
    const ctx = { prisma, secretKey: crypto.randomBytes(32) };
    const project = await createProject(
      ctx,
      { name: "langfuse", source: { kind: "folder", path: path.join(CORPORA, "langfuse/migrations") } },
      null,
    );
    const ids: string[] = [];
    for (let i = 0; i < ENVIRONMENTS; i++) {
      const url = i === 0 ? behindUrl : i === 1 ? full : await create(`env${i}`);
      if (i > 1) await deployMigrations(url, behind);
      ids.push(
        (await createEnvironment(ctx, { projectId: project.id, name: `env${i}`, databaseUrl: url, position: i })).id,
      );
    }
    const statuses = createStatusService(ctx, { ttlMs: 5000 });
    const drifts = createDriftService(ctx, { shadow: async () => shadow.provide, workerId: "bench" });
    await statuses.getOverview();
    const idle = await pollOverview(() => statuses.getOverview(), null);
    const duringDrift = await pollOverview(() => statuses.getOverview(), drifts.checkDrift(ids[1], { force: true }));
    const duringDry = await pollOverview(
      () => statuses.getOverview(),
      dryRunDeploy(behindUrl, "public", folder, behindStatus, { shadow: shadow.provide }),
    );
    console.log(
      `Overview (${ENVIRONMENTS} environments × ${folder.migrations.length} migrations, warm) p95: idle ${ms(p95(idle))} (${idle.length} calls), ` +
        `during a drift check ${ms(p95(duringDrift))} (${duringDrift.length}), during a dry run ${ms(p95(duringDry))} (${duringDry.length})`,
    );
  } finally {
    await prisma?.$disconnect();
    await shadow.stop();
    for (const name of databases)
      await admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    await stopServer();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
