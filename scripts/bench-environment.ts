// Benchmark of the environment page at scale (issue 11): a protected environment with 1,000 attempts in
// `_prisma_migrations` (written by Prisma's engine in 31 separate deploys, one failed, resolved and applied again)
// and 180 migrations pending. Against the production build in Chromium: the bytes of the status route, the API
// bytes the page loads, time to interactive, DOM node count and page height. A benchmark, not a test: it prints
// figures (with the figures measured on main before the change) and PASS/MISS per target, and exits 0.
//
//   npm run bench:environment                      (embedded PostgreSQL 18 in a temp dir; builds if stale)
//   RUNWAY_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres BENCH_SKIP_BUILD=1 npm run bench:environment
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { chromium, type Page } from "@playwright/test";
import pg from "pg";
import { createEnvironment, createProject } from "../lib/environments/registry";
import { withDatabaseName } from "../lib/migrations/database-url";
import { applyOwnMigrations } from "../lib/server/bootstrap";
import { createPrisma } from "../lib/server/db";
import { createUser } from "../lib/server/users";
import { startEmbeddedPostgres } from "../lib/testing/embedded-postgres";
import { buildScaleHistory, readUploadFiles, writeScaleMigrations } from "../lib/testing/scale-history";
import { buildIsStale } from "./lib/build.mjs";
import { bins, projectRoot } from "./lib/processes.mjs";

const APPLIED = 999;
const PENDING = 180;
const FAIL_AT = 630;
/** 31 deploys: 400 migrations first, then 29 of 20, then the last 19; the one reaching 630 fails there. */
const DEPLOY_UP_TO = [400, ...Array.from({ length: 29 }, (_, i) => 420 + i * 20), APPLIED];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const USER = { email: "bench@runway.local", password: "bench-password-123", role: "operator" as const };

/** Measured with this script on main at 45dc8a5, before the change (same machine, same fixture). */
const BEFORE = {
  statusBytes: 752_148,
  statusGzipBytes: 98_997,
  pageApiBytes: 753_016,
  ttiMs: 11_885,
  domNodes: 28_228,
  pageHeightPx: 162_595,
};
const TARGETS = { pageApiBytes: 150 * 1024, ttiMs: 1500, domNodes: 3000 };

const log = (line: string) => console.log(`· ${line}`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      await fetch(url).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the dashboard did not answer at ${url}`);
}

/** Long tasks seen by the page, recorded from its first script on. */
const LONG_TASK_OBSERVER = `
  window.__longTaskEnds = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTaskEnds.push(entry.startTime + entry.duration);
  }).observe({ type: "longtask", buffered: true });
`;

interface PageFigures {
  ttiMs: number;
  apiBytes: number;
  domNodes: number;
  pageHeightPx: number;
  /** Where the time went: when the page's document and its API reads ended (ms from navigation start). */
  timeline: string;
}

/**
 * Time to interactive: the history's first row and the Deploy button are on screen, and the main thread has had
 * no long task for a second since (the last long task's end, if later than the first paint of both).
 */
async function measurePage(page: Page, url: string): Promise<PageFigures> {
  let apiBytes = 0;
  const counting: Array<Promise<void>> = [];
  page.on("response", (response) => {
    if (!response.url().includes("/api/") || response.request().resourceType() === "document") return;
    counting.push(
      response.body().then(
        (body) => void (apiBytes += body.length),
        () => undefined,
      ),
    );
  });
  await page.goto(url, { waitUntil: "commit" });
  const readyAt = (await (
    await page.waitForFunction(
      () => {
        const button = document.querySelector('[data-testid="action-button-deploy"]');
        const row = document.querySelector('[data-testid="deploy-item"], [data-testid^="attempt-"]');
        return button && row ? performance.now() : null;
      },
      undefined,
      { polling: "raf", timeout: 60_000 },
    )
  ).jsonValue()) as number;
  const lastLongTaskEnd = (await (
    await page.waitForFunction(
      () => {
        const ends = (window as unknown as { __longTaskEnds: number[] }).__longTaskEnds;
        const last = ends.length > 0 ? Math.max(...ends) : 0;
        return performance.now() - last >= 1000 ? last || 0.0001 : null;
      },
      undefined,
      { polling: 100, timeout: 60_000 },
    )
  ).jsonValue()) as number;
  await Promise.all(counting);
  const { domNodes, pageHeightPx, timeline } = await page.evaluate(() => {
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const reads = (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
      .filter((r) => r.name.includes("/api/"))
      .map(
        (r) =>
          `${new URL(r.name).pathname.split("/").slice(-1)[0]} ${r.startTime.toFixed(0)}→${r.responseEnd.toFixed(0)}`,
      );
    return {
      domNodes: document.getElementsByTagName("*").length,
      pageHeightPx: document.documentElement.scrollHeight,
      timeline: [
        `document →${navigation.responseEnd.toFixed(0)}`,
        `DOMContentLoaded ${navigation.domContentLoadedEventEnd.toFixed(0)}`,
        ...reads,
      ].join(", "),
    };
  });
  return { ttiMs: Math.max(readyAt, lastLongTaskEnd), apiBytes, domNodes, pageHeightPx, timeline };
}

async function main() {
  const cleanups: Array<() => Promise<void>> = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-env-"));
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
    log(`PostgreSQL: ${new URL(serverUrl).host}`);
    const prefix = `rw_bench_env_${crypto.randomBytes(3).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    cleanups.unshift(async () => {
      for (const suffix of ["state", "target"])
        await admin.query(`DROP DATABASE IF EXISTS "${prefix}_${suffix}" WITH (FORCE)`);
      await admin.end();
    });
    for (const suffix of ["state", "target"]) await admin.query(`CREATE DATABASE "${prefix}_${suffix}"`);
    const stateUrl = withDatabaseName(serverUrl, `${prefix}_state`);
    const targetUrl = withDatabaseName(serverUrl, `${prefix}_target`);

    const dir = path.join(tmp, "migrations");
    writeScaleMigrations(dir, APPLIED + PENDING);
    const started = performance.now();
    const history = await buildScaleHistory(targetUrl, dir, { deployUpTo: DEPLOY_UP_TO, failAt: FAIL_AT });
    log(
      `target: ${history.attempts} attempts in ${history.runs} deploys by Prisma's engine (${history.failedMigration} failed once, resolved, applied again), ${PENDING} pending — ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    await applyOwnMigrations(stateUrl);
    const secretKey = crypto.randomBytes(32);
    const prisma = createPrisma(stateUrl);
    await createUser(prisma, USER);
    const project = await createProject(
      { prisma, secretKey },
      { name: "scale", source: { kind: "upload", files: readUploadFiles(dir) } },
      null,
    );
    const environment = await createEnvironment(
      { prisma, secretKey },
      { projectId: project.id, name: "prod", databaseUrl: targetUrl, isProtected: true },
      { testConnection: false },
    );
    await prisma.$disconnect();

    const port = await freePort();
    const dataDir = path.join(tmp, "data");
    fs.mkdirSync(dataDir);
    const env = {
      ...process.env,
      NODE_ENV: "production" as const,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: stateUrl,
      RUNWAY_SECRET_KEY: secretKey.toString("base64"),
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64"),
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      RUNWAY_TARGET_OWN_SERVER: "allow",
      RUNWAY_DATA_DIR: dataDir,
      RUNWAY_DEMO: "0",
      RUNWAY_MONITOR: "0",
      RUNWAY_DRIFT_CRON: "0 0 1 1 *",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
    };
    if (process.env.BENCH_SKIP_BUILD !== "1" && buildIsStale()) {
      log("building the production app (next build)…");
      const build = spawnSync(process.execPath, [bins.next, "build"], { cwd: projectRoot, env, stdio: "inherit" });
      if (build.status !== 0) throw new Error(`next build failed (exit ${build.status})`);
    }
    const server = spawn(process.execPath, [path.join(projectRoot, "scripts/serve.mjs")], {
      cwd: projectRoot,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    cleanups.unshift(async () => void server.kill("SIGTERM"));
    const baseURL = `http://127.0.0.1:${port}`;
    await waitForServer(`${baseURL}/signin`, 60_000);

    const browser = await chromium.launch(
      fs.existsSync("/usr/bin/chromium")
        ? { executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] }
        : {},
    );
    cleanups.unshift(() => browser.close());
    const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
    await context.addInitScript(LONG_TASK_OBSERVER);
    const signIn = await context.newPage();
    await signIn.goto("/signin");
    await signIn.getByLabel("Email").fill(USER.email);
    await signIn.getByLabel("Password").fill(USER.password);
    await signIn.getByRole("button", { name: "Sign in" }).click();
    await signIn.waitForURL((url) => !url.pathname.startsWith("/signin"));

    const statusPath = `/api/environments/${environment.id}/status`;
    const status = await signIn.request.get(statusPath);
    if (!status.ok()) throw new Error(`status route answered ${status.status()}`);
    const statusBody = await status.body();
    const statusJson = JSON.parse(statusBody.toString()) as { migrations: Array<{ attempts: unknown[] }> };
    const attemptCount = statusJson.migrations.reduce((sum, m) => sum + m.attempts.length, 0);
    log(
      `status route: ${kib(statusBody.length)} (${attemptCount} attempts, ${statusJson.migrations.length} migrations)`,
    );
    // What the page reads instead (absent before the change: 400 or 404).
    const open = await signIn.request.get(`${statusPath}?migrations=open`);
    const historyPage = await signIn.request.get(`/api/environments/${environment.id}/history`);
    const openBytes = open.ok() ? (await open.body()).length : null;
    const historyBytes = historyPage.ok() ? (await historyPage.body()).length : null;
    if (openBytes !== null) log(`status route ?migrations=open: ${kib(openBytes)}`);
    if (historyBytes !== null) log(`history route, first page: ${kib(historyBytes)}`);
    await signIn.close();

    const pageUrl = `/environments/${encodeURIComponent(environment.id)}`;
    const figures: PageFigures[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const page = await context.newPage();
      const measured = await measurePage(page, pageUrl);
      await page.close();
      if (run === 0) continue; // warm-up: the server's first render and status read
      figures.push(measured);
      log(
        `run ${run}: TTI ${measured.ttiMs.toFixed(0)} ms, API ${kib(measured.apiBytes)}, ${measured.domNodes} DOM nodes, ${measured.pageHeightPx} px tall — ${measured.timeline}`,
      );
    }
    const after = {
      statusBytes: statusBody.length,
      statusGzipBytes: zlib.gzipSync(statusBody).length,
      pageApiBytes: median(figures.map((f) => f.apiBytes)),
      ttiMs: median(figures.map((f) => f.ttiMs)),
      domNodes: median(figures.map((f) => f.domNodes)),
      pageHeightPx: median(figures.map((f) => f.pageHeightPx)),
    };
    const rows: Array<[string, string, string, string, string]> = [
      ["status route (full, the API default)", kib(BEFORE.statusBytes), kib(after.statusBytes), "—", ""],
      ["status route gzipped", kib(BEFORE.statusGzipBytes), kib(after.statusGzipBytes), "—", ""],
      ["status ?migrations=open (the page's)", "—", openBytes === null ? "—" : kib(openBytes), "—", ""],
      ["history, first page (the page's)", "—", historyBytes === null ? "—" : kib(historyBytes), "—", ""],
      [
        "API bytes the page loads",
        kib(BEFORE.pageApiBytes),
        kib(after.pageApiBytes),
        `≤ ${kib(TARGETS.pageApiBytes)}`,
        after.pageApiBytes <= TARGETS.pageApiBytes ? "PASS" : "MISS",
      ],
      [
        "time to interactive (median)",
        `${BEFORE.ttiMs} ms`,
        `${after.ttiMs.toFixed(0)} ms`,
        `≤ ${TARGETS.ttiMs} ms`,
        after.ttiMs <= TARGETS.ttiMs ? "PASS" : "MISS",
      ],
      [
        "DOM nodes",
        String(BEFORE.domNodes),
        String(after.domNodes),
        `≤ ${TARGETS.domNodes}`,
        after.domNodes <= TARGETS.domNodes ? "PASS" : "MISS",
      ],
      ["page height", `${BEFORE.pageHeightPx} px`, `${after.pageHeightPx} px`, "—", ""],
    ];
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 10));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 6)).join(" | ")} |`;
    console.log("");
    console.log(line(["Figure", "Before (main)", "Now", "Target", "Result"]));
    console.log(`|${[...widths, 6].map((w) => "-".repeat(w + 2)).join("|")}|`);
    for (const row of rows) console.log(line(row));
    console.log(JSON.stringify(after));
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error) => console.error("[cleanup]", error));
  }
}

await main();
