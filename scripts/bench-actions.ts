// Benchmark of a dashboard deploy (the guarded-actions issue): 850 migrations applied by Prisma's engine
// through the full action path (request with guards, pg-boss job, worker, streamed log, audit, release) next
// to the bare engine applying the same migrations, in one run; and the time from pressing deploy to the first
// log line being readable by the UI. A benchmark, not a test: it prints figures and exits 0.
//
//   npx tsx scripts/bench-actions.ts                              (embedded PostgreSQL 18 in a temp dir)
//   RUNWAY_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench-actions.ts
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { Actor } from "../lib/actions/actor";
import { requestAction } from "../lib/actions/request-action";
import { startActionWorker } from "../lib/actions/worker";
import { createEnvironment, createProject } from "../lib/environments/registry";
import { deployMigrations } from "../lib/migrations/engine";
import { readMigrationsFolder } from "../lib/migrations/folder";
import { readMigrationStatus } from "../lib/migrations/status";
import { applyOwnMigrations } from "../lib/server/bootstrap";
import { createPrisma } from "../lib/server/db";
import { startEmbeddedPostgres } from "../lib/testing/embedded-postgres";
import { withDatabaseName } from "../lib/migrations/database-url";

const MIGRATIONS = Number(process.env.BENCH_MIGRATIONS ?? 850);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const OPERATOR: Actor = { key: "user:bench", label: "bench@runway", role: "operator", userId: null };
const log = (line: string) => console.log(`· ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function admin(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function writeMigrations(dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  for (let i = 1; i <= MIGRATIONS; i++) {
    const name = `${20260101000000 + i}_m_${String(i).padStart(4, "0")}`;
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(
      path.join(dir, name, "migration.sql"),
      `CREATE TABLE "t_${i}" ("id" TEXT NOT NULL, "n" INTEGER, CONSTRAINT "t_${i}_pkey" PRIMARY KEY ("id"));\nCREATE INDEX "t_${i}_n_idx" ON "t_${i}"("n");\n`,
    );
  }
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-actions-"));
  let serverUrl = process.env.RUNWAY_BENCH_DATABASE_URL ?? "";
  let stopServer = async () => {};
  if (!serverUrl) {
    // Its own temp dir: PostgreSQL runs as another user, which cannot enter a root-only parent directory.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-pg-"));
    const server = await startEmbeddedPostgres({ dataDir, persistent: false });
    serverUrl = server.adminUrl;
    stopServer = async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const prefix = `rw_bench_act_${crypto.randomBytes(3).toString("hex")}`;
  const databases: string[] = [];
  const create = async (name: string) => {
    await admin(serverUrl, `CREATE DATABASE "${prefix}_${name}"`);
    databases.push(`${prefix}_${name}`);
    return withDatabaseName(serverUrl, `${prefix}_${name}`);
  };
  let worker: Awaited<ReturnType<typeof startActionWorker>> | null = null;
  try {
    const version = await (async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      const v = (await c.query("SHOW server_version")).rows[0].server_version as string;
      await c.end();
      return v;
    })();
    const dir = path.join(tmp, "migrations");
    writeMigrations(dir);
    const folder = await readMigrationsFolder(dir);
    const stateUrl = await create("state");
    await applyOwnMigrations(stateUrl);
    const prisma = createPrisma(stateUrl);
    const registry = { prisma, secretKey: crypto.randomBytes(32) };
    // The audit chain is sealed with a key from RUNWAY_SECRET_KEY and keeps its head in RUNWAY_DATA_DIR.
    process.env.RUNWAY_SECRET_KEY = registry.secretKey.toString("base64");
    process.env.RUNWAY_DATA_DIR = tmp;
    worker = await startActionWorker(registry, { databaseUrl: stateUrl, pollingIntervalSeconds: 0.5, log: () => {} });
    const project = await createProject(registry, { name: "bench", source: { kind: "folder", path: dir } }, null);
    log(`PostgreSQL ${version}, ${MIGRATIONS} migrations, ${ROUNDS} rounds, ${os.cpus().length} CPUs`);

    const bare: number[] = [];
    const dashboard: number[] = [];
    const firstLog: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate which goes first so neither always runs on a warmer server.
      const order = round % 2 === 1 ? ["bare", "dashboard"] : ["dashboard", "bare"];
      for (const which of order) {
        const url = await create(`${which}_${round}`);
        if (which === "bare") {
          const started = performance.now();
          const { appliedMigrationNames } = await deployMigrations(url, folder);
          bare.push(performance.now() - started);
          if (appliedMigrationNames.length !== MIGRATIONS) throw new Error("bare deploy applied the wrong count");
        } else {
          const env = await createEnvironment(registry, {
            projectId: project.id,
            name: `env${round}`,
            databaseUrl: url,
          });
          const fingerprint = (await readMigrationStatus(url, folder)).fingerprint;
          const started = performance.now();
          const wallStart = Date.now();
          const { id } = await requestAction(
            worker.context,
            { environmentId: env.id, kind: "deploy", expectedFingerprint: fingerprint },
            OPERATOR,
            null,
          );
          let firstLogAt: number | null = null;
          for (;;) {
            const action = await prisma.action.findUniqueOrThrow({
              where: { id },
              select: { status: true, _count: { select: { logLines: true } } },
            });
            if (firstLogAt === null && action._count.logLines > 0) firstLogAt = performance.now() - started;
            if (["succeeded", "failed", "interrupted"].includes(action.status)) {
              if (action.status !== "succeeded") throw new Error(`dashboard deploy ended ${action.status}`);
              break;
            }
            await sleep(20);
          }
          dashboard.push(performance.now() - started);
          firstLog.push(firstLogAt ?? Number.NaN);
          // Where the dashboard's time goes, from the action's own timestamps (database clock).
          const a = await prisma.action.findUniqueOrThrow({ where: { id } });
          const applying = await prisma.actionLogLine.findMany({
            where: { actionId: id, message: { startsWith: "Applying" } },
            orderBy: { id: "asc" },
            select: { at: true },
          });
          const at = (d: Date | null | undefined) => d?.getTime() ?? Number.NaN;
          log(
            `round ${round} phases: request→queued ${at(a.createdAt) - wallStart} ms (approx.), queued→worker ${at(a.startedAt) - at(a.createdAt)} ms, ` +
              `worker checks→first Applying ${at(applying[0]?.at) - at(a.startedAt)} ms, engine ${at(applying.at(-1)?.at) - at(applying[0]?.at)} ms, ` +
              `last Applying→finished ${at(a.finishedAt) - at(applying.at(-1)?.at)} ms`,
          );
        }
        log(`round ${round} ${which}: ${(which === "bare" ? bare.at(-1)! : dashboard.at(-1)!).toFixed(0)} ms`);
      }
    }
    const overhead = (median(dashboard) / median(bare) - 1) * 100;
    console.log("");
    console.log("| Figure | Value | Target | Result |");
    console.log("|---|---|---|---|");
    console.log(
      `| Bare engine deploy of ${MIGRATIONS} migrations, median of ${ROUNDS} | ${median(bare).toFixed(0)} ms (${bare.map((v) => v.toFixed(0)).join(", ")}) | | |`,
    );
    console.log(
      `| Dashboard deploy (request → guards → job → worker → engine → log → audit → done), median | ${median(dashboard).toFixed(0)} ms (${dashboard.map((v) => v.toFixed(0)).join(", ")}) | | |`,
    );
    console.log(`| Dashboard overhead | ${overhead.toFixed(1)} % | ≤ 15 % | ${overhead <= 15 ? "PASS" : "MISS"} |`);
    console.log(
      `| Pressing deploy → first log line readable, median | ${median(firstLog).toFixed(0)} ms (${firstLog.map((v) => v.toFixed(0)).join(", ")}) | | |`,
    );
  } finally {
    await worker?.stop().catch(() => {});
    for (const db of databases.reverse())
      await admin(serverUrl, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => {});
    await stopServer();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
