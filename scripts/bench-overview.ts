// Benchmark of the overview with many environments (the dashboard issue): 20 environments × 1,000 migrations,
// real `_prisma_migrations` rows written by Prisma's engine, 200 polling clients, one blackholed environment.
// A benchmark, not a test: it prints figures and PASS/MISS per target, and exits 0 either way.
//
//   npm run bench                                          (embedded PostgreSQL 18 in a temp dir)
//   RUNWAY_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import pg from "pg";
import { createEnvironment, createProject, type RegistryContext } from "../lib/environments/registry";
import { createStatusService, type StatusService } from "../lib/environments/status-service";
import { withDatabaseName } from "../lib/migrations/database-url";
import { deployMigrations } from "../lib/migrations/engine";
import { createScaleTargets, generateMigrations, toMigrationFiles } from "../lib/testing/overview-at-scale";
import { readMigrationsFolder } from "../lib/migrations/folder";
import type { EnvironmentView } from "../lib/environments/views";
import { applyOwnMigrations } from "../lib/server/bootstrap";
import { createPrisma, type PrismaClient } from "../lib/server/db";
import { startEmbeddedPostgres } from "../lib/testing/embedded-postgres";

const ENVIRONMENTS = 20;
const MIGRATIONS = 1000;
const PENDING_IN_LAST = 10; // env 19: the last 10 migrations not applied yet
const FAILING_MIGRATION = 995; // env 18: this one failed (its table already existed)
const RAW_RUNS = 30;
const RAW_RUNS_PER_ENV = 5;
const COLD_RUNS = 10;
const WARM_RUNS = 200;
const CLIENTS = 200;
const POLL_EVERY_MS = 1000;
const POLL_FOR_MS = 10_000;
const REFRESH_TTL_MS = 5000;
const BLACKHOLE_TIMEOUT_MS = 1000;
const BLACKHOLE_RUNS = 3;
const MARGIN_MS = 100;
/** Above this per full deploy (×20 environments), deploy once into a template and copy it instead. */
const DEPLOY_BUDGET_MS = 1500;

const log = (line: string) => console.log(`· ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pad = (n: number, width = 4) => String(n).padStart(width, "0");

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const median = (values: number[]) => percentile(values, 50);
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

async function runSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function writeMigrationsFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(toMigrationFiles(generateMigrations(MIGRATIONS)))) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

/** A TCP server that accepts connections and never says a word (a firewall that drops, a hung proxy). */
async function startBlackhole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Row {
  figure: string;
  value: string;
  target: string;
  verdict: "PASS" | "MISS" | "";
}

function printTable(rows: Row[]): void {
  const widths = [0, 1, 2].map((i) =>
    Math.max(...rows.map((r) => [r.figure, r.value, r.target][i].length), ["Figure", "Value", "Target"][i].length),
  );
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 6)).join(" | ")} |`;
  console.log(line(["Figure", "Value", "Target", "Result"]));
  console.log(`|${[...widths, 6].map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line([r.figure, r.value, r.target, r.verdict]));
}

async function main() {
  const benchStarted = performance.now();
  const cleanups: Array<() => Promise<void>> = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-"));
  cleanups.push(async () => fs.rmSync(tmp, { recursive: true, force: true }));
  const rows: Row[] = [];
  let ok = true;
  try {
    // ---------------------------------------------------------------- set-up
    let serverUrl = process.env.RUNWAY_BENCH_DATABASE_URL ?? "";
    if (serverUrl) {
      log(`PostgreSQL: RUNWAY_BENCH_DATABASE_URL (${new URL(serverUrl).host})`);
    } else {
      // Its own temp dir, as the test set-up does: when run as root, the package runs PostgreSQL as another user.
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-pg-"));
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      const started = await timed(() => startEmbeddedPostgres({ dataDir, persistent: false }));
      serverUrl = started.value.adminUrl;
      cleanups.unshift(() => started.value.stop());
      log(`PostgreSQL: embedded, started in ${ms(started.ms)} (${new URL(serverUrl).host})`);
    }
    const { serverVersion, versionNum } = await (async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      const { rows: r } = await client.query<{ v: string; n: string }>(
        "SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n",
      );
      await client.end();
      return { serverVersion: r[0].v, versionNum: Number(r[0].n) };
    })();

    const prefix = `rw_bench_${crypto.randomBytes(4).toString("hex")}`;
    const created: string[] = [];
    const createDatabase = async (name: string, template?: string) => {
      // FILE_COPY (PostgreSQL 15+) copies a 1,000-table template several times faster than the default WAL_LOG.
      const strategy = versionNum >= 150000 ? " STRATEGY FILE_COPY" : "";
      await runSql(serverUrl, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"${strategy}` : ""}`);
      created.push(name);
      return withDatabaseName(serverUrl, name);
    };
    cleanups.unshift(async () => {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      for (const name of created.reverse()) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    });

    const stateUrl = await createDatabase(`${prefix}_state`);
    await applyOwnMigrations(stateUrl);
    const prisma: PrismaClient = createPrisma(stateUrl);
    cleanups.unshift(() => prisma.$disconnect());
    const ctx: RegistryContext = { prisma, secretKey: crypto.randomBytes(32) };
    log(`Runway state database ${prefix}_state ready (own migrations applied)`);

    const migrationsDir = path.join(tmp, "migrations");
    writeMigrationsFolder(migrationsDir);
    const folder = await readMigrationsFolder(migrationsDir);
    if (folder.migrations.length !== MIGRATIONS || folder.problems.length > 0)
      throw new Error("the generated folder is not as expected");
    log(`migrations folder: ${MIGRATIONS} migrations in ${migrationsDir}`);

    // Targets (lib/testing/overview-at-scale.ts): env 19 lacks the last 10, env 18's migration 995 failed (its
    // table was created by hand first; 996–1000 pending: blocked, P3009), env 17 also ran a hotfix not in the
    // folder (diverged), the others have everything.
    const setupStarted = performance.now();
    const targets = await createScaleTargets({
      serverUrl,
      prefix,
      migrations: folder.migrations,
      layout: {
        environments: ENVIRONMENTS,
        pendingEnvironment: 19,
        pendingCount: PENDING_IN_LAST,
        failedEnvironment: 18,
        failingMigration: FAILING_MIGRATION,
        extraEnvironment: 17,
      },
      deployBudgetMs: DEPLOY_BUDGET_MS,
      log,
    });
    cleanups.unshift(() => targets.drop());
    const urls = targets.urls;
    log(
      `${ENVIRONMENTS} target databases ready in ${ms(performance.now() - setupStarted)} (env 19: 10 pending, env 18: failed, env 17: extra migration)`,
    );

    const project = await createProject(ctx, { name: "bench", source: { kind: "folder", path: migrationsDir } }, null);
    const environments: EnvironmentView[] = [];
    for (let i = 0; i < ENVIRONMENTS; i++) {
      environments.push(
        await createEnvironment(
          ctx,
          { projectId: project.id, name: `env${pad(i, 2)}`, databaseUrl: urls[i], position: i },
          { testConnection: false },
        ),
      );
    }
    log(`project + ${ENVIRONMENTS} environments registered`);

    // Sanity: the service sees what was set up.
    {
      const overview = await createStatusService(ctx, { ttlMs: 60_000 }).getOverview();
      const envs = overview.projects[0].environments;
      const health = envs.map((e) => e.health);
      const expected = [...Array(17).fill("up_to_date"), "diverged", "blocked", "pending"];
      if (JSON.stringify(health) !== JSON.stringify(expected))
        throw new Error(`unexpected health: ${health.join(", ")}`);
      if (envs[19].pendingCount !== PENDING_IN_LAST) throw new Error(`env 19 pending ${envs[19].pendingCount}`);
      log(
        `sanity check: 17 up_to_date, env17 diverged, env18 blocked, env19 pending ${envs[19].pendingCount}; matrix rows ${overview.projects[0].matrix.names.length}`,
      );
    }

    // ---------------------------------------------------------------- raw reads
    const rawRead = async (url: string) => {
      const client = new pg.Client({ connectionString: url });
      const started = performance.now();
      await client.connect();
      const connected = performance.now();
      const { rowCount } = await client.query("SELECT * FROM _prisma_migrations");
      const done = performance.now();
      await client.end();
      return { total: done - started, query: done - connected, rowCount: rowCount ?? 0 };
    };
    await rawRead(urls[0]); // warm-up
    const raw = [];
    for (let i = 0; i < RAW_RUNS; i++) raw.push(await rawRead(urls[0]));
    const perEnv = [];
    for (let i = 0; i < ENVIRONMENTS; i++) {
      const runs = [];
      for (let r = 0; r < RAW_RUNS_PER_ENV; r++) runs.push((await rawRead(urls[i])).total);
      perEnv.push({ env: i, p50: median(runs) });
    }
    const slowest = perEnv.reduce((a, b) => (b.p50 > a.p50 ? b : a));
    const rawTotals = raw.map((r) => r.total);
    // Not a target: the floor of any cold overview here, all 20 raw reads at once (no classification at all).
    const rawParallel = [];
    const rawParallelCpu = [];
    for (let r = 0; r < RAW_RUNS_PER_ENV; r++) {
      const cpuBefore = process.cpuUsage();
      rawParallel.push((await timed(() => Promise.all(urls.map((url) => rawRead(url))))).ms);
      const cpu = process.cpuUsage(cpuBefore);
      rawParallelCpu.push((cpu.user + cpu.system) / 1000);
    }
    log(
      `raw read env00 (${raw[0].rowCount} rows, connect + SELECT *): p50 ${ms(median(rawTotals))}, p95 ${ms(percentile(rawTotals, 95))}; ` +
        `query only p50 ${ms(median(raw.map((r) => r.query)))}; slowest env (p50 of ${RAW_RUNS_PER_ENV}): env${pad(slowest.env, 2)} ${ms(slowest.p50)}; ` +
        `all ${ENVIRONMENTS} at once p50 ${ms(median(rawParallel))}`,
    );

    // ---------------------------------------------------------------- overview cold
    const cold = [];
    const coldCpu = []; // CPU time of this process (all its threads) per cold overview: what the 2 cores were busy with
    for (let i = 0; i < COLD_RUNS; i++) {
      const service = createStatusService(ctx, { ttlMs: 60_000 });
      const cpuBefore = process.cpuUsage();
      cold.push((await timed(() => service.getOverview())).ms);
      const cpu = process.cpuUsage(cpuBefore);
      coldCpu.push((cpu.user + cpu.system) / 1000);
    }
    log(
      `overview cold (new service each run, ${COLD_RUNS} runs): ${cold.map((v) => v.toFixed(0)).join(", ")} ms; ` +
        `CPU time of this process ${coldCpu.map((v) => v.toFixed(0)).join(", ")} ms`,
    );

    // ---------------------------------------------------------------- overview refresh (ttl passed, nothing changed)
    const refreshing = createStatusService(ctx, { ttlMs: 0 }); // every call finds the ttl passed: all 20 read again
    await refreshing.getOverview();
    const refresh = [];
    for (let i = 0; i < 5; i++) refresh.push((await timed(() => refreshing.getOverview())).ms);
    log(`overview refresh after the ttl, data unchanged (5 runs): ${refresh.map((v) => v.toFixed(0)).join(", ")} ms`);

    // ---------------------------------------------------------------- overview warm (+ JSON.stringify)
    const warmService = createStatusService(ctx, { ttlMs: 60_000 });
    await warmService.getOverview();
    const readsBefore = [...warmService.readCounts.values()].reduce((a, b) => a + b, 0);
    const warm = [];
    let payloadBytes = 0;
    let payload = "";
    for (let i = 0; i < WARM_RUNS; i++) {
      const started = performance.now();
      const body = JSON.stringify(await warmService.getOverview());
      warm.push(performance.now() - started);
      payloadBytes = Buffer.byteLength(body);
      payload = body;
    }
    const warmReads = [...warmService.readCounts.values()].reduce((a, b) => a + b, 0) - readsBefore;
    const warmOverviewOnly = [];
    for (let i = 0; i < 50; i++) warmOverviewOnly.push((await timed(() => warmService.getOverview())).ms);
    log(
      `overview warm + JSON.stringify (${WARM_RUNS} runs): p50 ${ms(median(warm))}, p95 ${ms(percentile(warm, 95))}; ` +
        `getOverview alone p50 ${ms(median(warmOverviewOnly))}; payload ${(payloadBytes / 1024).toFixed(0)} KiB; database reads during warm runs: ${warmReads}`,
    );

    // ---------------------------------------------------------------- 200 polling clients
    const polled = createStatusService(ctx, { ttlMs: REFRESH_TTL_MS });
    const windows = new Map<string, number[]>(); // env id → reads per refresh window since the start
    const lastSeen = new Map<string, number>();
    const pollStarted = performance.now();
    const sample = () => {
      const window = Math.floor((performance.now() - pollStarted) / REFRESH_TTL_MS);
      for (const [id, count] of polled.readCounts) {
        const added = count - (lastSeen.get(id) ?? 0);
        if (added === 0) continue;
        lastSeen.set(id, count);
        const perWindow = windows.get(id) ?? [];
        perWindow[window] = (perWindow[window] ?? 0) + added;
        windows.set(id, perWindow);
      }
    };
    const sampler = setInterval(sample, 10);
    const latencies: Array<{ at: number; ms: number }> = [];
    let firstFilled = Number.POSITIVE_INFINITY;
    let errors = 0;
    const client = async () => {
      await sleep(Math.random() * POLL_EVERY_MS);
      while (performance.now() - pollStarted < POLL_FOR_MS) {
        const started = performance.now();
        try {
          await polled.getOverview();
        } catch {
          errors += 1;
        }
        const took = performance.now() - started;
        latencies.push({ at: started - pollStarted, ms: took });
        firstFilled = Math.min(firstFilled, performance.now() - pollStarted);
        await sleep(Math.max(0, POLL_EVERY_MS * (0.8 + Math.random() * 0.4) - took));
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    const pollElapsed = performance.now() - pollStarted;
    clearInterval(sampler);
    sample();
    const intervals = pollElapsed / REFRESH_TTL_MS;
    const totalReads = [...polled.readCounts.values()].reduce((a, b) => a + b, 0);
    const allLatencies = latencies.map((l) => l.ms);
    const steady = latencies.filter((l) => l.at >= firstFilled).map((l) => l.ms);
    const maxPerWindow = Math.max(...[...windows.values()].flatMap((w) => w.filter((v) => v !== undefined)));
    const meanPerInterval = totalReads / ENVIRONMENTS / intervals;
    log(
      `${CLIENTS} clients polling every ~${POLL_EVERY_MS} ms for ${(pollElapsed / 1000).toFixed(1)} s (ttl ${REFRESH_TTL_MS} ms): ${latencies.length} overviews ` +
        `(p50 ${ms(median(allLatencies))}, p95 ${ms(percentile(allLatencies, 95))}, max ${ms(Math.max(...allLatencies))}; ` +
        `after the first fill at ${ms(firstFilled)}: p50 ${ms(median(steady))}, p95 ${ms(percentile(steady, 95))}, max ${ms(Math.max(...steady))}; ` +
        `${errors} errors), ${totalReads} database reads ` +
        `(per env: ${[...polled.readCounts.values()].join(" ")})`,
    );

    // ---------------------------------------------------------------- a blackholed environment
    const blackhole = await startBlackhole();
    cleanups.unshift(() => blackhole.close());
    const without = [];
    const withIt = [];
    for (let i = 0; i < BLACKHOLE_RUNS; i++)
      without.push((await timed(() => createStatusService(ctx, { ttlMs: 60_000 }).getOverview())).ms);
    const hole = await createEnvironment(
      ctx,
      {
        projectId: project.id,
        name: "blackhole",
        databaseUrl: `postgresql://postgres:x@127.0.0.1:${blackhole.port}/nothing`,
        connectTimeoutMs: BLACKHOLE_TIMEOUT_MS,
        position: ENVIRONMENTS,
      },
      { testConnection: false },
    );
    let holeError = "";
    let holeReadMs = 0;
    for (let i = 0; i < BLACKHOLE_RUNS; i++) {
      const run = await timed(() => createStatusService(ctx, { ttlMs: 60_000 }).getOverview());
      withIt.push(run.ms);
      const status = run.value.projects[0].environments.find((e) => e.environment.id === hole.id);
      holeError = `${status?.health} ${status?.error?.code ?? ""} after ${status?.durationMs} ms`;
      holeReadMs = Math.max(holeReadMs, status?.durationMs ?? 0);
    }
    const added = median(withIt) - median(without);
    log(
      `cold overview without blackhole ${without.map((v) => v.toFixed(0)).join(", ")} ms; with ${withIt.map((v) => v.toFixed(0)).join(", ")} ms; blackhole env: ${holeError}`,
    );

    // ---------------------------------------------------------------- correctness of the caches (not timed)
    const checks: Array<{ check: string; ok: boolean }> = [];
    const healthOf = (overview: Awaited<ReturnType<StatusService["getOverview"]>>, i: number) =>
      overview.projects[0].environments.find((e) => e.environment.id === environments[i].id)?.health;
    {
      const shortTtl = 300;
      const service = createStatusService(ctx, { ttlMs: shortTtl });
      const before = healthOf(await service.getOverview(), 19);
      await deployMigrations(urls[19], folder); // env 19 catches up, through the engine
      await sleep(shortTtl + 50);
      const after = healthOf(await service.getOverview(), 19);
      checks.push({
        check: `database change: env19 ${before} → ${after} once the ${shortTtl} ms ttl passed`,
        ok: before === "pending" && after === "up_to_date",
      });

      const file = path.join(migrationsDir, folder.migrations[0].name, "migration.sql");
      const original = fs.readFileSync(file, "utf8");
      fs.appendFileSync(file, "-- edited after deploy\n");
      await sleep(shortTtl + 50);
      const edited = healthOf(await service.getOverview(), 0);
      fs.writeFileSync(file, original);
      await sleep(shortTtl + 50);
      const restored = healthOf(await service.getOverview(), 0);
      checks.push({
        check: `migration file edited: env00 ${edited} after the ttl, ${restored} once restored`,
        ok: edited === "diverged" && restored === "up_to_date",
      });

      const longLived = createStatusService(ctx, { ttlMs: 60_000 });
      const first = (await longLived.getEnvironmentStatus(environments[0].id)).health;
      await longLived.getEnvironmentStatus(environments[1].id);
      fs.appendFileSync(file, "-- edited again\n");
      const cached = (await longLived.getEnvironmentStatus(environments[0].id)).health;
      longLived.invalidate(environments[0].id);
      const invalidated = (await longLived.getEnvironmentStatus(environments[0].id)).health;
      const otherCached = (await longLived.getEnvironmentStatus(environments[1].id)).health;
      const fresh = (await longLived.getEnvironmentStatus(environments[1].id, { fresh: true })).health;
      fs.writeFileSync(file, original);
      longLived.invalidate();
      const all = (await longLived.getEnvironmentStatus(environments[0].id)).health;
      checks.push({
        check: `invalidate (ttl 60 s): env00 ${first}, file edited → ${cached} (cached) → invalidate(id) ${invalidated}; env01 ${otherCached} (cached) → fresh ${fresh}; restored + invalidate() ${all}`,
        ok:
          first === "up_to_date" &&
          cached === "up_to_date" &&
          invalidated === "diverged" &&
          otherCached === "up_to_date" &&
          fresh === "diverged" &&
          all === "up_to_date",
      });
    }

    // ---------------------------------------------------------------- table
    const coldTarget = 1.5 * slowest.p50 + 100;
    const verdict = (ok: boolean) => (ok ? "PASS" : "MISS") as Row["verdict"];
    rows.push(
      {
        figure: `Raw read env00, connect + SELECT * (${raw[0].rowCount} rows), p50 / p95`,
        value: `${ms(median(rawTotals))} / ${ms(percentile(rawTotals, 95))}`,
        target: "",
        verdict: "",
      },
      {
        figure: "Raw read env00, SELECT * only, p50 / p95",
        value: `${ms(median(raw.map((r) => r.query)))} / ${ms(
          percentile(
            raw.map((r) => r.query),
            95,
          ),
        )}`,
        target: "",
        verdict: "",
      },
      {
        figure: `Raw read, slowest environment (env${pad(slowest.env, 2)}, p50 of ${RAW_RUNS_PER_ENV})`,
        value: ms(slowest.p50),
        target: "",
        verdict: "",
      },
      {
        figure: `Raw reads of all ${ENVIRONMENTS} environments at once, p50 of ${RAW_RUNS_PER_ENV}`,
        value: ms(median(rawParallel)),
        target: "",
        verdict: "",
      },
      {
        figure: `Raw reads of all ${ENVIRONMENTS} at once, CPU time of this process, p50`,
        value: ms(median(rawParallelCpu)),
        target: "",
        verdict: "",
      },
      {
        figure: `Overview cold, p50 / p95 (${COLD_RUNS} runs)`,
        value: `${ms(median(cold))} / ${ms(percentile(cold, 95))}`,
        target: `p95 ≤ 1.5 × slowest raw + 100 = ${ms(coldTarget)}`,
        verdict: verdict(percentile(cold, 95) <= coldTarget),
      },
      // Context, not a target: CPU time is steadier than wall time on a shared machine (compare with the raw reads').
      { figure: "Overview cold, CPU time of this process, p50", value: ms(median(coldCpu)), target: "", verdict: "" },
      {
        figure: "Overview refresh after the ttl, data unchanged, p50 (5 runs)",
        value: ms(median(refresh)),
        target: "",
        verdict: "",
      },
      {
        figure: `Overview warm + JSON.stringify, p50 / p95 (${WARM_RUNS} runs)`,
        value: `${ms(median(warm))} / ${ms(percentile(warm, 95))}`,
        target: "p95 ≤ 50 ms",
        verdict: verdict(percentile(warm, 95) <= 50),
      },
      { figure: "Overview warm, getOverview alone, p50", value: ms(median(warmOverviewOnly)), target: "", verdict: "" },
      {
        figure: "Overview payload (JSON, before compression)",
        value: `${(payloadBytes / 1024).toFixed(1)} KiB`,
        target: "≤ 150 KiB",
        verdict: verdict(payloadBytes <= 150 * 1024),
      },
      {
        // What the server sends when the client accepts it (scripts/serve.mjs): bench:overview-ui measures it over HTTP.
        figure: "Overview payload gzip / br",
        value: `${(zlib.gzipSync(payload).length / 1024).toFixed(1)} KiB / ${(zlib.brotliCompressSync(payload).length / 1024).toFixed(1)} KiB`,
        target: "",
        verdict: "",
      },
      {
        figure: `Reads per env per ${REFRESH_TTL_MS / 1000} s interval, ${CLIENTS} clients, max`,
        value: String(maxPerWindow),
        target: "≤ 1",
        verdict: verdict(maxPerWindow <= 1),
      },
      {
        figure: `Reads per env per ${REFRESH_TTL_MS / 1000} s interval, mean`,
        value: `${meanPerInterval.toFixed(2)} (${totalReads} reads, ${(pollElapsed / 1000).toFixed(1)} s)`,
        target: "≤ 1",
        verdict: verdict(meanPerInterval <= 1),
      },
      {
        figure: `Overview latency, ${CLIENTS} clients, all, p50 / p95 / max`,
        value: `${ms(median(allLatencies))} / ${ms(percentile(allLatencies, 95))} / ${ms(Math.max(...allLatencies))}`,
        target: "",
        verdict: "",
      },
      {
        figure: `Overview latency, ${CLIENTS} clients, after the first fill`,
        value: `${ms(median(steady))} / ${ms(percentile(steady, 95))} / ${ms(Math.max(...steady))}`,
        target: "",
        verdict: "",
      },
      {
        figure: "Cold overview without / with blackholed env (median)",
        value: `${ms(median(without))} / ${ms(median(withIt))}`,
        target: "",
        verdict: "",
      },
      {
        figure: "Blackholed env's own read, slowest of the runs",
        value: `${ms(holeReadMs)} (${holeError.split(" after")[0]})`,
        target: "",
        verdict: "",
      },
      {
        figure: `Added by blackholed env (connect timeout ${BLACKHOLE_TIMEOUT_MS} ms)`,
        value: ms(added),
        target: `≤ ${BLACKHOLE_TIMEOUT_MS} + ${MARGIN_MS} ms`,
        verdict: verdict(added <= BLACKHOLE_TIMEOUT_MS + MARGIN_MS),
      },
    );
    console.log("");
    console.log(
      `Runway overview benchmark: ${ENVIRONMENTS} environments × ${MIGRATIONS} migrations, PostgreSQL ${serverVersion} on loopback, ${os.cpus().length} CPU(s), Node ${process.version}`,
    );
    console.log(
      `Load average at the end: ${os
        .loadavg()
        .map((v) => v.toFixed(2))
        .join(" ")} (other work on the machine skews every figure)`,
    );
    printTable(rows);
    for (const c of checks) console.log(`${c.ok ? "PASS" : "MISS"}  ${c.check}`);
    console.log(`(setup included, the run took ${((performance.now() - benchStarted) / 1000).toFixed(0)} s)`);
    console.log("");
  } catch (error) {
    ok = false;
    console.error(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error) => console.error(`cleanup: ${String(error)}`));
  }
  return ok;
}

// Missed targets still exit 0 (a benchmark reports, it does not gate); only a broken set-up exits 1.
process.exit((await main()) ? 0 : 1);
