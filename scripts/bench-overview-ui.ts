// Benchmark of the overview as a browser gets it (issue 11): 20 environments × 1,000 migrations (real rows written
// by Prisma's engine, lib/testing/overview-at-scale.ts: one failed migration deep in one environment, one
// environment not managed), served by the production build through scripts/serve.mjs, read by Chromium.
// A benchmark, not a test: it prints figures and PASS/MISS per target, and exits 0 either way.
//
//   npm run bench:overview-ui                               (embedded PostgreSQL 18; builds when .next is stale)
//   RUNWAY_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:overview-ui
//   npm run bench:overview-ui -- --compare /path/to/other/checkout
//     also measures another checkout's production build (e.g. main, built there first) on the same data, one
//     after the other, and prints both: before and after, under the same load on the machine.
//
// Figures:
// - payload of GET /api/overview: raw JSON (`Accept-Encoding: identity`), and the bytes on the wire with `gzip` and
//   with `br` (what the server sent, and its Content-Encoding); the raw JSON compressed here for comparison.
// - time to interactive (TTI), per fresh browser context (nothing cached), median of the runs: from navigation start
//   (performance.timeOrigin) to the later of (a) the first matrix cell in the DOM and (b) the end of the last long
//   task (≥ 50 ms, Long Tasks API) before 500 ms with none: the matrix is shown and the page answers input.
// - the floor: the sign-in page (no data) measured the same way, to read the others against the machine's load.
// - DOM elements on the overview once interactive (document.getElementsByTagName("*").length).
// - search response: typing a migration's name into the matrix search until only its row is shown (when the page
//   has a search box).
// - prefetch requests (Next's `Next-Router-Prefetch`) while the matrix is scrolled from top to bottom.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { chromium, type Browser, type BrowserContext } from "@playwright/test";
import { createEnvironment, createProject } from "../lib/environments/registry";
import { applyOwnMigrations } from "../lib/server/bootstrap";
import { createPrisma } from "../lib/server/db";
import { createUser } from "../lib/server/users";
import { startEmbeddedPostgres } from "../lib/testing/embedded-postgres";
import { createScaleTargets, generateMigrations, toMigrationFiles } from "../lib/testing/overview-at-scale";
import { createTestDatabase } from "../lib/testing/test-database";
import { buildIsStale } from "./lib/build.mjs";

const root = path.resolve(import.meta.dirname, "..");
const ENVIRONMENTS = 20;
const MIGRATIONS = 1000;
const FAILING_MIGRATION = 995;
const TTI_RUNS = 5;
const QUIET_MS = 500;
const TARGET_PAYLOAD_KIB = 150;
const TARGET_TTI_MS = 1500;
const TARGET_DOM = 3000;
const USER = { email: "bench@bench.test", password: "bench-password-1", role: "viewer" as const };
const CHROMIUM = fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;

const log = (line: string) => console.log(`· ${line}`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One GET with exactly these headers; the body as it came over the wire (no decoding). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; encoding: string; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            encoding: String(res.headers["content-encoding"] ?? "identity"),
            bytes: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

async function waitForServer(url: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error("the dashboard exited while starting");
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

/** tsx compiles functions with esbuild's keepNames: what they send into the page calls `__name`. */
const NAME_SHIM = { content: "globalThis.__name = globalThis.__name || ((fn) => fn);" };

/** Installed before any page script: records long tasks and when the first element matching `selector` appears. */
function instrument(selector: string) {
  const w = window as unknown as { __bench: { longTasks: Array<[number, number]>; shownAt: number | null } };
  w.__bench = { longTasks: [], shownAt: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__bench.longTasks.push([e.startTime, e.startTime + e.duration]);
  }).observe({ type: "longtask", buffered: true });
  const observer = new MutationObserver(() => {
    if (w.__bench.shownAt === null && document.querySelector(selector)) {
      w.__bench.shownAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

const MATRIX_CELL = '[data-testid="matrix"] [data-testid^="matrix-cell-"]';

interface PageRun {
  /** Navigation start → `selector` shown and QUIET_MS without a long task. */
  tti: number;
  shownAt: number;
  /** The document's response ended; DOMContentLoaded ended. */
  html: number;
  dcl: number;
  /** GET /api/overview: when the page asked, when the answer was in (null: not asked). */
  apiStart: number | null;
  apiEnd: number | null;
  longTasks: number;
  longTaskMs: number;
  dom: number;
}

async function measurePage(
  browser: Browser,
  base: string,
  path: string,
  selector: string,
  storageState?: string,
): Promise<PageRun> {
  const context = await browser.newContext({ storageState, viewport: { width: 1280, height: 720 } });
  try {
    await context.addInitScript(NAME_SHIM);
    await context.addInitScript(instrument, selector);
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    const result = await page.waitForFunction(
      (quietMs) => {
        const b = (window as unknown as { __bench: { longTasks: Array<[number, number]>; shownAt: number | null } })
          .__bench;
        if (b.shownAt === null) return null;
        const lastEnd = Math.max(b.shownAt, ...b.longTasks.map(([, end]) => end));
        if (performance.now() - lastEnd < quietMs) return null;
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        const api = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).find((e) =>
          e.name.includes("/api/overview"),
        );
        return {
          tti: lastEnd,
          shownAt: b.shownAt,
          html: nav.responseEnd,
          dcl: nav.domContentLoadedEventEnd,
          apiStart: api ? api.startTime : null,
          apiEnd: api ? api.responseEnd : null,
          longTasks: b.longTasks.length,
          longTaskMs: b.longTasks.reduce((sum, [start, end]) => sum + end - start, 0),
          dom: document.getElementsByTagName("*").length,
        };
      },
      QUIET_MS,
      { timeout: 180_000, polling: 50 },
    );
    return (await result.jsonValue()) as PageRun;
  } finally {
    await context.close();
  }
}

/** Types a migration's name into the matrix search: ms until only its row shows (null: no search box). */
async function measureSearch(context: BrowserContext, base: string, name: string): Promise<number | null> {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.locator('[data-testid="matrix"] [data-testid^="matrix-cell-"]').first().waitFor({ timeout: 120_000 });
  const search = page.getByRole("searchbox", { name: /search migrations/i }).first();
  if ((await search.count()) === 0) {
    await page.close();
    return null;
  }
  await search.focus();
  const ms = await page.evaluate(
    ({ name }) =>
      new Promise<number>((resolve) => {
        const input = document.activeElement as HTMLInputElement;
        const started = performance.now();
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
        setter.call(input, name);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        const done = () => {
          const cells = [...document.querySelectorAll('[data-testid="matrix"] [data-testid^="matrix-cell-"]')];
          return cells.length > 0 && cells.every((c) => c.getAttribute("data-testid")!.endsWith(name));
        };
        const check = () => (done() ? resolve(performance.now() - started) : requestAnimationFrame(check));
        check();
      }),
    { name },
  );
  await page.close();
  return ms;
}

/**
 * Scrolls the matrix (its own scroller when it has one, else the page) top to bottom, its folded runs unfolded:
 * the prefetch requests made meanwhile.
 */
async function countPrefetchesOnScroll(
  context: BrowserContext,
  base: string,
): Promise<{ requests: number; steps: number }> {
  const page = await context.newPage();
  let requests = 0;
  page.on("request", (request) => {
    if (request.headers()["next-router-prefetch"]) requests += 1;
  });
  await page.goto(`${base}/`);
  await page.locator('[data-testid="matrix"] [data-testid^="matrix-cell-"]').first().waitFor({ timeout: 120_000 });
  // Every row on screen to scroll through: folded runs unfolded (where the page folds them).
  for (const fold of await page.locator('[data-testid="matrix"] button[aria-expanded="false"]').all())
    await fold.click();
  // What the page prefetched while loading (its header's links) is not the scrolling's.
  await page.waitForLoadState("networkidle");
  await page.mouse.move(0, 0);
  requests = 0;
  let steps = 0;
  for (;;) {
    const atEnd = await page.evaluate(() => {
      const scroller = document.querySelector<HTMLElement>("[data-matrix-scroller]");
      const target = scroller ?? document.scrollingElement!;
      const height = scroller ? scroller.clientHeight : window.innerHeight;
      target.scrollTop += height;
      return target.scrollTop + height >= target.scrollHeight - 1;
    });
    steps += 1;
    // Let the viewport's links be seen (IntersectionObserver) and their prefetches start.
    await page.waitForTimeout(100);
    if (atEnd || steps > 2000) break;
  }
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.close();
  return { requests, steps };
}

interface AppFigures {
  label: string;
  json: number;
  gzip: { encoding: string; bytes: number };
  br: { encoding: string; bytes: number };
  localGzip: number;
  localBr: number;
  tti: number;
  shown: number;
  longTaskMs: number;
  floor: number;
  dom: number;
  searchMs: number | null;
  prefetches: number;
}

const fmt = (v: number | null) => (v === null ? "—" : v.toFixed(0));
const describeRun = (r: PageRun) =>
  `${r.tti.toFixed(0)} ms (html ${fmt(r.html)}, DOMContentLoaded ${fmt(r.dcl)}, /api/overview ${fmt(r.apiStart)}→${fmt(r.apiEnd)}, ` +
  `shown ${r.shownAt.toFixed(0)}; ${r.longTasks} long tasks, ${r.longTaskMs.toFixed(0)} ms; ${r.dom} elements)`;

/** Serves `appDir`'s production build on Runway's state in `stateUrl` and measures it in `browser`. */
async function measureApp(
  label: string,
  appDir: string,
  browser: Browser,
  env: Record<string, string>,
  searchName: string,
): Promise<AppFigures> {
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-ui-data-"));
    cleanups.unshift(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const server = spawn(process.execPath, [path.join(appDir, "scripts/serve.mjs")], {
      cwd: appDir,
      env: {
        ...process.env,
        ...env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        NEXTAUTH_URL: base,
        RUNWAY_DATA_DIR: dataDir,
        RUNWAY_TARGET_OWN_SERVER: "allow",
        RUNWAY_DRIFT_CRON: "0 0 1 1 *",
        // The browser's side is measured: the statuses stay cached for the whole run, and no monitor reads.
        RUNWAY_STATUS_TTL_MS: "600000",
        RUNWAY_MONITOR: "0",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    let exited = false;
    server.on("exit", () => (exited = true));
    cleanups.unshift(async () => {
      if (exited) return;
      const gone = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await gone;
    });
    await waitForServer(`${base}/signin`, () => exited);
    log(`${label}: ${appDir} on ${base}`);

    const signInContext = await browser.newContext();
    const signInPage = await signInContext.newPage();
    await signInPage.goto(`${base}/signin`);
    await signInPage.getByLabel("Email").fill(USER.email);
    await signInPage.getByLabel("Password").fill(USER.password);
    await signInPage.getByRole("button", { name: "Sign in" }).click();
    await signInPage.waitForURL((url) => !url.pathname.startsWith("/signin"));
    const storageState = path.join(dataDir, "storage-state.json");
    await signInContext.storageState({ path: storageState });
    const cookie = (await signInContext.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    await signInContext.close();

    // ---------------------------------------------------------------- payload
    const overviewUrl = `${base}/api/overview`;
    // The first reads fill the server's caches: wait until every environment has answered (none still "refreshing").
    for (const deadline = Date.now() + 180_000; ;) {
      const first = await rawGet(overviewUrl, { cookie, "accept-encoding": "identity" });
      const body = JSON.parse(first.bytes.toString("utf8")) as {
        projects: Array<{ environments: Array<{ refreshing?: boolean }> }>;
      };
      if (first.status === 200 && body.projects.every((p) => p.environments.every((e) => !e.refreshing))) break;
      if (Date.now() > deadline) throw new Error("the overview did not settle within 3 minutes");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const identity = await rawGet(overviewUrl, { cookie, "accept-encoding": "identity" });
    if (identity.status !== 200) throw new Error(`GET /api/overview answered ${identity.status}`);
    const gzip = await rawGet(overviewUrl, { cookie, "accept-encoding": "gzip" });
    const br = await rawGet(overviewUrl, { cookie, "accept-encoding": "br, gzip" });
    const json = identity.bytes;
    const overview = JSON.parse(json.toString("utf8")) as {
      projects: Array<{ environments: Array<{ health: string }> }>;
    };
    const health = overview.projects[0].environments.map((e) => e.health);
    log(
      `${label}: environments ${health.filter((h) => h === "up_to_date").length} up to date, ${health.slice(18).join(", ")}; ` +
        `payload ${kib(json.length)} raw, gzip asked: ${gzip.encoding} ${kib(gzip.bytes.length)}, br asked: ${br.encoding} ${kib(br.bytes.length)}`,
    );

    // ---------------------------------------------------------------- TTI and DOM
    const floorRuns: PageRun[] = [];
    for (let i = 0; i < TTI_RUNS; i++)
      floorRuns.push(await measurePage(browser, base, "/signin", 'button[type="submit"]'));
    log(`${label}: sign-in page (the floor): ${floorRuns.map(describeRun).join("; ")}`);
    await measurePage(browser, base, "/", MATRIX_CELL, storageState); // warm-up: the server's first render of each chunk
    const runs: PageRun[] = [];
    for (let i = 0; i < TTI_RUNS; i++) runs.push(await measurePage(browser, base, "/", MATRIX_CELL, storageState));
    log(`${label}: overview: ${runs.map(describeRun).join("; ")}`);

    // ---------------------------------------------------------------- search and prefetch
    const context = await browser.newContext({ storageState, viewport: { width: 1280, height: 720 } });
    cleanups.unshift(() => context.close());
    await context.addInitScript(NAME_SHIM);
    const searchMs = await measureSearch(context, base, searchName);
    const prefetch = await countPrefetchesOnScroll(context, base);
    log(
      `${label}: search ${searchMs === null ? "(no search box)" : `${searchMs.toFixed(0)} ms`}; ` +
        `prefetch requests while the matrix scrolled top to bottom (${prefetch.steps} steps): ${prefetch.requests}`,
    );
    return {
      label,
      json: json.length,
      gzip: { encoding: gzip.encoding, bytes: gzip.bytes.length },
      br: { encoding: br.encoding, bytes: br.bytes.length },
      localGzip: zlib.gzipSync(json).length,
      localBr: zlib.brotliCompressSync(json).length,
      tti: median(runs.map((r) => r.tti)),
      shown: median(runs.map((r) => r.shownAt)),
      longTaskMs: median(runs.map((r) => r.longTaskMs)),
      floor: median(floorRuns.map((r) => r.tti)),
      dom: median(runs.map((r) => r.dom)),
      searchMs,
      prefetches: prefetch.requests,
    };
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error) => console.error(`cleanup: ${String(error)}`));
  }
}

function printTable(apps: AppFigures[]): void {
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const rows: Array<{
    figure: string;
    values: (a: AppFigures) => string;
    target: string;
    ok?: (a: AppFigures) => boolean;
  }> = [
    {
      figure: "GET /api/overview, raw JSON",
      values: (a) => kib(a.json),
      target: `≤ ${TARGET_PAYLOAD_KIB} KiB`,
      ok: (a) => a.json <= TARGET_PAYLOAD_KIB * 1024,
    },
    {
      figure: "… Accept-Encoding: gzip, on the wire",
      values: (a) => `${kib(a.gzip.bytes)} ${a.gzip.encoding}`,
      target: "gzip",
      ok: (a) => a.gzip.encoding === "gzip",
    },
    {
      figure: "… Accept-Encoding: br, gzip, on the wire",
      values: (a) => `${kib(a.br.bytes)} ${a.br.encoding}`,
      target: "br",
      ok: (a) => a.br.encoding === "br",
    },
    { figure: "… the raw JSON, gzip / br here", values: (a) => `${kib(a.localGzip)} / ${kib(a.localBr)}`, target: "" },
    {
      figure: `Overview TTI, median of ${TTI_RUNS} fresh contexts`,
      values: (a) => ms(a.tti),
      target: `≤ ${TARGET_TTI_MS} ms`,
      ok: (a) => a.tti <= TARGET_TTI_MS,
    },
    { figure: "… first matrix cell shown", values: (a) => ms(a.shown), target: "" },
    { figure: "… main-thread long tasks, total", values: (a) => ms(a.longTaskMs), target: "" },
    { figure: "Floor: sign-in page TTI, same definition", values: (a) => ms(a.floor), target: "" },
    {
      figure: "DOM elements on the overview",
      values: (a) => String(a.dom),
      target: `≤ ${TARGET_DOM}`,
      ok: (a) => a.dom <= TARGET_DOM,
    },
    {
      figure: "Search a name → only its row",
      values: (a) => (a.searchMs === null ? "no search" : ms(a.searchMs)),
      target: "",
    },
    {
      figure: "Prefetches, matrix scrolled top to bottom",
      values: (a) => String(a.prefetches),
      target: "0",
      ok: (a) => a.prefetches === 0,
    },
  ];
  const header = ["Figure", ...apps.map((a) => a.label), "Target", "Result"];
  const table = rows.map((r) => {
    const last = apps[apps.length - 1];
    return [r.figure, ...apps.map(r.values), r.target, r.ok ? (r.ok(last) ? "PASS" : "MISS") : ""];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of table) console.log(line(row));
}

function readCompareDir(): string | null {
  const i = process.argv.indexOf("--compare");
  if (i < 0) return null;
  const dir = path.resolve(process.argv[i + 1] ?? "");
  if (!fs.existsSync(path.join(dir, ".next/BUILD_ID")) || !fs.existsSync(path.join(dir, "scripts/serve.mjs")))
    throw new Error(`--compare ${dir}: not a Runway checkout with a production build (run next build there first)`);
  return dir;
}

async function main(): Promise<boolean> {
  const started = performance.now();
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const compareDir = readCompareDir();
    if (buildIsStale()) {
      log("building the app (next build): .next is missing or older than the sources");
      const build = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
        cwd: root,
        env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
        stdio: "inherit",
      });
      if (build.status !== 0) throw new Error(`next build failed (exit ${build.status})`);
    } else log("reusing the production build in .next (up to date with the sources)");

    let serverUrl = process.env.RUNWAY_BENCH_DATABASE_URL ?? "";
    if (serverUrl) log(`PostgreSQL: RUNWAY_BENCH_DATABASE_URL (${new URL(serverUrl).host})`);
    else {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-pg-"));
      const pgServer = await startEmbeddedPostgres({ dataDir, persistent: false });
      serverUrl = pgServer.adminUrl;
      cleanups.unshift(async () => {
        await pgServer.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      });
      log(`PostgreSQL: embedded (${new URL(serverUrl).host})`);
    }

    const state = await createTestDatabase(serverUrl, "rw_bench_ui_state");
    cleanups.unshift(() => state.drop());
    await applyOwnMigrations(state.url);
    const prisma = createPrisma(state.url);
    cleanups.unshift(() => prisma.$disconnect());
    const secretKey = crypto.randomBytes(32);
    await createUser(prisma, USER);

    const migrations = generateMigrations(MIGRATIONS);
    const setupStarted = performance.now();
    const targets = await createScaleTargets({
      serverUrl,
      prefix: `rw_bench_ui_${crypto.randomBytes(3).toString("hex")}`,
      migrations,
      layout: {
        environments: ENVIRONMENTS,
        pendingCount: 10,
        failedEnvironment: 18,
        failingMigration: FAILING_MIGRATION,
        unmanagedEnvironment: 19,
      },
      log,
    });
    cleanups.unshift(() => targets.drop());
    log(
      `${ENVIRONMENTS} target databases in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s ` +
        `(env18: ${targets.failingName} failed, env19: not managed)`,
    );
    const ctx = { prisma, secretKey };
    const project = await createProject(
      ctx,
      { name: "bench-ui", source: { kind: "upload", files: toMigrationFiles(migrations) } },
      null,
    );
    for (let i = 0; i < ENVIRONMENTS; i++)
      await createEnvironment(
        ctx,
        {
          projectId: project.id,
          name: targets.names[i].replace(/^.*_/, ""),
          databaseUrl: targets.urls[i],
          position: i,
        },
        { testConnection: false },
      );
    log(`project bench-ui (uploaded bundle of ${MIGRATIONS}) and ${ENVIRONMENTS} environments registered`);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    });
    cleanups.unshift(() => browser.close());
    const env = {
      DATABASE_URL: state.url,
      RUNWAY_SECRET_KEY: secretKey.toString("base64"),
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64"),
      RUNWAY_SHADOW_DATABASE_URL: serverUrl,
    };
    const apps: AppFigures[] = [];
    if (compareDir)
      apps.push(await measureApp(path.basename(compareDir), compareDir, browser, env, migrations[499].name));
    apps.push(await measureApp("this checkout", root, browser, env, migrations[499].name));

    console.log("");
    console.log(
      `Runway overview in the browser: ${ENVIRONMENTS} environments × ${MIGRATIONS} migrations, Chromium ${browser.version()}, ` +
        `${os.cpus().length} CPU(s), load average ${os
          .loadavg()
          .map((v) => v.toFixed(2))
          .join(" ")} (other work on the machine skews the times: read them against the floor)`,
    );
    printTable(apps);
    console.log(`(setup included, the run took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
    return true;
  } catch (error) {
    console.error(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return false;
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error) => console.error(`cleanup: ${String(error)}`));
  }
}

process.exit((await main()) ? 0 : 1);
