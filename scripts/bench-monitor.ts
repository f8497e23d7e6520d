// Benchmark of the on-call loop (issue 9). A benchmark, not a test: it prints figures and PASS/MISS per target,
// and exits 0 either way.
//   1. Overview p99 under 200 polling HTTP clients, with one blackholed environment (a TCP server that accepts
//      and never answers) vs without it; and, for comparison, with it but without the overview's budget.
//   2. Monitor cost: reads per environment per interval, 100 environments, 2 monitor processes.
//   3. Failure → webhook delivery: a failed deploy made outside Runway, until a real HTTP receiver gets it.
//
//   npm run bench:monitor                                           (embedded PostgreSQL 18 in a temp dir)
//   RUNWAY_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:monitor
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import PgBoss from "pg-boss";
import { createEnvironment, createProject, type RegistryContext } from "../lib/environments/registry";
import { createStatusService, type StatusService } from "../lib/environments/status-service";
import { withDatabaseName } from "../lib/migrations/database-url";
import { deployMigrations } from "../lib/migrations/engine";
import { readMigrationsFolder } from "../lib/migrations/folder";
import { startMonitor } from "../lib/monitor/monitor";
import { createChannel } from "../lib/notifications/channels";
import { startNotifier } from "../lib/notifications/notifier";
import { applyOwnMigrations } from "../lib/server/bootstrap";
import { createPrisma } from "../lib/server/db";
import { startBlackhole } from "../lib/testing/blackhole";
import { startEmbeddedPostgres } from "../lib/testing/embedded-postgres";

const OVERVIEW_ENVIRONMENTS = 20;
// Small enough that 200 clients do not saturate a 2-core machine: the figure is what the blackhole adds, not throughput.
const MIGRATIONS = 50;
const CLIENTS = 200;
const POLL_EVERY_MS = 1000;
const POLL_FOR_MS = 8_000;
/** Rounds alternating without / with the blackhole: the machine's noise falls on both alike. */
const ROUNDS = 3;
const TTL_MS = 5000;
const BUDGET_MS = 300;
const BLACKHOLE_CONNECT_TIMEOUT_MS = 5000;
const MONITOR_ENVIRONMENTS = 100;
const MONITOR_INTERVAL_S = 10;
const MONITOR_INTERVALS = 4;
const FAILURES = 20;
const FAILURE_INTERVAL_S = 1;

const log = (line: string) => console.log(`· ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (v: number) => `${v.toFixed(0)} ms`;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

async function runSql(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The overview route, reduced to what it does: the status service's overview as JSON. */
async function serveOverview(service: StatusService) {
  const server = http.createServer(async (_req, res) => {
    try {
      const body = JSON.stringify(await service.getOverview());
      res.setHeader("content-type", "application/json");
      res.end(body);
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/api/overview`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function pollOverview(url: string): Promise<{ latencies: number[]; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  let errors = 0;
  const get = () =>
    new Promise<void>((resolve) => {
      const req = http.get(url, { agent }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode !== 200) errors++;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      await sleep(Math.random() * POLL_EVERY_MS);
      while (performance.now() - started < POLL_FOR_MS) {
        const t = performance.now();
        await get();
        const took = performance.now() - t;
        latencies.push(took);
        await sleep(Math.max(0, POLL_EVERY_MS * (0.8 + Math.random() * 0.4) - took));
      }
    }),
  );
  agent.destroy();
  return { latencies, errors };
}

function spawnMonitor(
  stateUrl: string,
  secretKey: Buffer,
  reads: Array<{ process: number; env: string; slot: string; at: number }>,
  index: number,
) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.resolve(import.meta.dirname, "../lib/testing/monitor-process.ts")],
    {
      env: {
        ...process.env,
        RUNWAY_STATE_URL: stateUrl,
        RUNWAY_SECRET_KEY: secretKey.toString("base64"),
        MONITOR_INTERVAL_S: String(MONITOR_INTERVAL_S),
        MONITOR_STATUS_TTL_MS: "5000",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let buffered = "";
  const ready = new Promise<ChildProcess>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`monitor process exited (${code})`)));
    child.stdout!.on("data", (chunk) => {
      buffered += String(chunk);
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === "ready") resolve(child);
        const m = /^read (\S+) (\S+)$/.exec(line);
        if (m) reads.push({ process: index, env: m[1], slot: m[2], at: Date.now() });
      }
    });
  });
  return ready;
}

async function main() {
  const cleanups: Array<() => Promise<unknown>> = [];
  const rows: Array<[string, string, string, string]> = [];
  const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
  try {
    let serverUrl = process.env.RUNWAY_BENCH_DATABASE_URL ?? "";
    if (!serverUrl) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-pg-"));
      const started = await startEmbeddedPostgres({ dataDir, persistent: false });
      serverUrl = started.adminUrl;
      cleanups.unshift(async () => {
        await started.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      });
      log("PostgreSQL: embedded");
    } else log(`PostgreSQL: RUNWAY_BENCH_DATABASE_URL (${new URL(serverUrl).host})`);
    const prefix = `rw_bench_mon_${crypto.randomBytes(3).toString("hex")}`;
    const created: string[] = [];
    const createDatabase = async (name: string, template?: string) => {
      await runSql(serverUrl, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
      created.push(name);
      return withDatabaseName(serverUrl, name);
    };
    cleanups.unshift(async () => {
      for (const name of created.reverse())
        await runSql(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-mon-"));
    cleanups.push(async () => fs.rmSync(tmp, { recursive: true, force: true }));

    const stateUrl = await createDatabase(`${prefix}_state`);
    await applyOwnMigrations(stateUrl);
    const prisma = createPrisma(stateUrl);
    cleanups.unshift(() => prisma.$disconnect());
    const ctx: RegistryContext = { prisma, secretKey: crypto.randomBytes(32) };

    // ------------------------------------------------------------ 1. overview under 200 clients, blackhole or not
    const dir = path.join(tmp, "migrations");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
    for (let i = 1; i <= MIGRATIONS; i++) {
      const name = `${20260101000000 + i}_t_${i}`;
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, "migration.sql"), `CREATE TABLE "t_${i}" (id int);\n`);
    }
    const folder = await readMigrationsFolder(dir);
    const template = await createDatabase(`${prefix}_tpl`);
    await deployMigrations(template, folder);
    // Two Runway states with the same 20 environments; the second also has a blackholed one.
    const stateUrl2 = await createDatabase(`${prefix}_state2`);
    await applyOwnMigrations(stateUrl2);
    const prisma2 = createPrisma(stateUrl2);
    cleanups.unshift(() => prisma2.$disconnect());
    const ctx2: RegistryContext = { prisma: prisma2, secretKey: ctx.secretKey };
    const project = await createProject(ctx, { name: "bench", source: { kind: "folder", path: dir } }, null);
    const project2 = await createProject(ctx2, { name: "bench", source: { kind: "folder", path: dir } }, null);
    for (let i = 0; i < OVERVIEW_ENVIRONMENTS; i++) {
      const url = await createDatabase(`${prefix}_env${i}`, `${prefix}_tpl`);
      await createEnvironment(
        ctx,
        { projectId: project.id, name: `env${i}`, databaseUrl: url },
        { testConnection: false },
      );
      await createEnvironment(
        ctx2,
        { projectId: project2.id, name: `env${i}`, databaseUrl: url },
        { testConnection: false },
      );
    }
    const blackhole = await startBlackhole();
    cleanups.unshift(() => blackhole.close());
    await createEnvironment(
      ctx2,
      {
        projectId: project2.id,
        name: "blackhole",
        databaseUrl: `postgresql://u:p@127.0.0.1:${blackhole.port}/db`,
        connectTimeoutMs: BLACKHOLE_CONNECT_TIMEOUT_MS,
      },
      { testConnection: false },
    );
    log(
      `${OVERVIEW_ENVIRONMENTS} environments × ${MIGRATIONS} migrations ready (and a blackholed one in the second state)`,
    );

    const scenarios = [
      {
        label: "without blackhole",
        service: createStatusService(ctx, { ttlMs: TTL_MS, overviewBudgetMs: BUDGET_MS }),
        latencies: [] as number[],
        errors: 0,
      },
      {
        label: "with blackhole, budget 300 ms",
        service: createStatusService(ctx2, { ttlMs: TTL_MS, overviewBudgetMs: BUDGET_MS }),
        latencies: [] as number[],
        errors: 0,
      },
    ];
    for (const scenario of scenarios) await scenario.service.getOverview(); // the first fill, as after a start
    for (let round = 0; round < ROUNDS; round++) {
      for (const scenario of scenarios) {
        const server = await serveOverview(scenario.service);
        const result = await pollOverview(server.url);
        await server.close();
        scenario.latencies.push(...result.latencies);
        scenario.errors += result.errors;
      }
    }
    const before = {
      label: "with blackhole, no budget (before)",
      service: createStatusService(ctx2, { ttlMs: TTL_MS }),
      latencies: [] as number[],
      errors: 0,
    };
    await before.service.getOverview();
    {
      const server = await serveOverview(before.service);
      const result = await pollOverview(server.url);
      await server.close();
      before.latencies = result.latencies;
      before.errors = result.errors;
    }
    const figures = [...scenarios, before].map((sc) => {
      const f = {
        p50: percentile(sc.latencies, 50),
        p99: percentile(sc.latencies, 99),
        max: Math.max(...sc.latencies),
      };
      log(
        `${sc.label}: ${sc.latencies.length} overviews, p50 ${ms(f.p50)}, p99 ${ms(f.p99)}, max ${ms(f.max)}, errors ${sc.errors}`,
      );
      return f;
    });
    const [without, withIt, unbudgeted] = figures;
    rows.push(
      [
        `Overview, ${CLIENTS} HTTP clients, ${OVERVIEW_ENVIRONMENTS} envs, ${ROUNDS}×${POLL_FOR_MS / 1000} s (p50 / p99 / max)`,
        `${ms(without.p50)} / ${ms(without.p99)} / ${ms(without.max)}`,
        "",
        "",
      ],
      [
        `… + 1 blackholed env (connect timeout ${BLACKHOLE_CONNECT_TIMEOUT_MS} ms), rounds interleaved`,
        `${ms(withIt.p50)} / ${ms(withIt.p99)} / ${ms(withIt.max)}`,
        `p99 ≤ 1.2 × ${ms(without.p99)}`,
        verdict(withIt.p99 <= 1.2 * without.p99),
      ],
      [
        `… + 1 blackholed env, without the budget (before), ${POLL_FOR_MS / 1000} s`,
        `${ms(unbudgeted.p50)} / ${ms(unbudgeted.p99)} / ${ms(unbudgeted.max)}`,
        "",
        "",
      ],
    );
    await runSql(stateUrl, `DELETE FROM "Environment"`);

    // ------------------------------------------------------------ 2. monitor reads, 2 processes, 100 environments
    const monitorTarget = await createDatabase(`${prefix}_mon`, `${prefix}_tpl`);
    for (let i = 0; i < MONITOR_ENVIRONMENTS; i++)
      await createEnvironment(
        ctx,
        { projectId: project.id, name: `m${i}`, databaseUrl: monitorTarget },
        { testConnection: false },
      );
    const stateClient = new pg.Client({ connectionString: stateUrl });
    await stateClient.connect();
    cleanups.unshift(() => stateClient.end());
    const reads: Array<{ process: number; env: string; slot: string; at: number }> = [];
    const children = await Promise.all([
      spawnMonitor(stateUrl, ctx.secretKey, reads, 0),
      spawnMonitor(stateUrl, ctx.secretKey, reads, 1),
    ]);
    cleanups.unshift(async () => {
      for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    });
    const intervalMs = MONITOR_INTERVAL_S * 1000;
    const firstSlot = Math.floor(Date.now() / intervalMs) + 1;
    await sleep(MONITOR_INTERVALS * intervalMs);
    const lastSlot = Math.floor(Date.now() / intervalMs) - 1;
    // The slots firstSlot..lastSlot have all begun and ended: once their queued readings have run (a machine
    // short of CPU runs them late: that is the lag below), every environment should have exactly one of each.
    const drainStarted = performance.now();
    for (;;) {
      const { rows: left } = await stateClient.query<{ n: string }>(
        `SELECT count(*) AS n FROM pgboss.job WHERE name = 'runway-monitor' AND state IN ('created', 'retry', 'active') AND (data->>'slot') <> 'null' AND (data->>'slot')::bigint <= $1`,
        [lastSlot],
      );
      if (Number(left[0].n) === 0 || performance.now() - drainStarted > 120_000) break;
      await sleep(250);
    }
    await sleep(500);
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
    const inWindow = reads.filter((r) => r.slot !== "now" && Number(r.slot) >= firstSlot && Number(r.slot) <= lastSlot);
    const perSlot = new Map<string, number>();
    for (const r of inWindow) perSlot.set(`${r.env} ${r.slot}`, (perSlot.get(`${r.env} ${r.slot}`) ?? 0) + 1);
    const expected = MONITOR_ENVIRONMENTS * (lastSlot - firstSlot + 1);
    const duplicates = [...perSlot.values()].filter((c) => c > 1).length;
    const missed = expected - perSlot.size;
    // How late a reading starts after its slot began (the queue's and the tick's delay).
    const lags = inWindow.map((r) => r.at - Number(r.slot) * intervalMs);
    const share = [0, 1].map((p) => inWindow.filter((r) => r.process === p).length);
    log(
      `monitor: ${inWindow.length} readings in ${lastSlot - firstSlot + 1} whole intervals of ${MONITOR_INTERVAL_S} s × ${MONITOR_ENVIRONMENTS} envs ` +
        `(expected ${expected}); process 0 / 1: ${share.join(" / ")}; start lag p50 ${ms(percentile(lags, 50))}, p95 ${ms(percentile(lags, 95))}`,
    );
    rows.push([
      `Monitor reads per env per interval, ${MONITOR_ENVIRONMENTS} envs, 2 processes (mean; duplicated / missed slots)`,
      `${(inWindow.length / expected).toFixed(2)}; ${duplicates} / ${missed} of ${expected}`,
      "exactly 1",
      verdict(duplicates === 0 && missed === 0 && inWindow.length === expected),
    ]);
    rows.push([
      `… reading start after its slot began, p50 / p95`,
      `${ms(percentile(lags, 50))} / ${ms(percentile(lags, 95))}`,
      "",
      "",
    ]);
    await runSql(stateUrl, `DELETE FROM "Environment"; DELETE FROM "MonitorState";`);

    // ------------------------------------------------------------ 3. failure → webhook
    const failDir = path.join(tmp, "failing");
    fs.mkdirSync(path.join(failDir, "20260101000000_a"), { recursive: true });
    fs.writeFileSync(path.join(failDir, "migration_lock.toml"), 'provider = "postgresql"\n');
    fs.writeFileSync(path.join(failDir, "20260101000000_a", "migration.sql"), 'CREATE TABLE "A" (id int);');
    fs.mkdirSync(path.join(failDir, "20260102000000_b"));
    fs.writeFileSync(
      path.join(failDir, "20260102000000_b", "migration.sql"),
      'ALTER TABLE "Missing" ADD COLUMN x int;',
    );
    const failFolder = await readMigrationsFolder(failDir);
    const failProject = await createProject(ctx, { name: "failing", source: { kind: "folder", path: failDir } }, null);
    const targets: Array<{ id: string; url: string }> = [];
    for (let i = 0; i < FAILURES; i++) {
      const url = await createDatabase(`${prefix}_f${i}`);
      await deployMigrations(url, { ...failFolder, migrations: failFolder.migrations.slice(0, 1) });
      const env = await createEnvironment(
        ctx,
        { projectId: failProject.id, name: `f${i}`, databaseUrl: url, isProtected: true },
        { testConnection: false },
      );
      targets.push({ id: env.id, url });
    }
    const arrivals = new Map<string, number>();
    const receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const event = JSON.parse(body) as { kind: string; environment: { id: string } };
        if (event.kind === "failed" && !arrivals.has(event.environment.id))
          arrivals.set(event.environment.id, performance.now());
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    cleanups.unshift(() => new Promise((r) => receiver.close(() => r(null))));
    const boss = new PgBoss({ connectionString: stateUrl, schema: "pgboss", max: 4 });
    boss.on("error", () => {});
    await boss.start();
    cleanups.unshift(() => boss.stop({ graceful: false, wait: true }));
    const notifier = await startNotifier({
      prisma,
      secretKey: ctx.secretKey,
      boss,
      publicUrl: "http://runway.local",
      retries: 0,
      log: () => {},
    });
    cleanups.unshift(() => notifier.stop());
    await createChannel(
      { prisma, secretKey: ctx.secretKey },
      { kind: "webhook", name: "bench", url: `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook` },
      { key: "bench", label: "bench", role: "admin", userId: null },
      null,
    );
    const status = createStatusService(ctx, { ttlMs: 0 });
    const monitor = await startMonitor({
      prisma,
      boss,
      readStatus: (id) => status.refreshStatus(id),
      defaultIntervalSeconds: FAILURE_INTERVAL_S,
      tickMs: 100,
      onEvents: (events) => notifier.dispatch(events).then(() => {}),
      log: () => {},
    });
    cleanups.unshift(() => monitor.stop());
    // Every environment read once (pending), then the failures, one every ~300 ms.
    for (;;) {
      const read = await prisma.monitorState.count({ where: { readCount: { gte: 1 } } });
      if (read >= FAILURES) break;
      await sleep(100);
    }
    const failedAt = new Map<string, number>();
    for (const t of targets) {
      await deployMigrations(t.url, failFolder).catch(() => {});
      failedAt.set(t.id, performance.now());
      await sleep(150 + Math.random() * 300);
    }
    const deadline = performance.now() + 30_000;
    while (arrivals.size < FAILURES && performance.now() < deadline) await sleep(50);
    const delays = targets.filter((t) => arrivals.has(t.id)).map((t) => arrivals.get(t.id)! - failedAt.get(t.id)!);
    log(`failure → webhook: ${delays.length}/${FAILURES} delivered; ${delays.map((d) => d.toFixed(0)).join(", ")} ms`);
    rows.push([
      `Failure → webhook delivery, interval ${FAILURE_INTERVAL_S} s (p50 / p95, ${delays.length}/${FAILURES})`,
      `${ms(percentile(delays, 50))} / ${ms(percentile(delays, 95))}`,
      `≤ interval + 1 s`,
      verdict(delays.length === FAILURES && percentile(delays, 95) <= FAILURE_INTERVAL_S * 1000 + 1000),
    ]);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((e) => console.error("cleanup:", e));
  }
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), 6));
  console.log("");
  for (const r of [["Figure", "Value", "Target", "Result"], ...rows] as string[][])
    console.log(`| ${r.map((c, i) => c.padEnd(widths[i] ?? 6)).join(" | ")} |`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
