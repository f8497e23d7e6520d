// Benchmark (issue 13, item 3): memory of the built dashboard while three clients each stream a chunked
// (no Content-Length) 300 MiB POST to the sign-in callback at once. Prints the server's RSS before, its peak
// during, and after, how much each client had sent when it was answered, and the time to answer. Exits 0.
//   npm run build && RUNWAY_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:body-limit
// RUNWAY_BENCH_APP_DIR runs another checkout's build (e.g. one of main, to compare).
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { applyOwnMigrations } from "../lib/server/bootstrap";
import { findFreePort, startEmbeddedPostgres } from "../lib/testing/embedded-postgres";
import { createTestDatabase } from "../lib/testing/test-database";

const CLIENTS = 3;
const BODY_BYTES = 300 * 1024 * 1024;
const appDir = path.resolve(process.env.RUNWAY_BENCH_APP_DIR ?? path.resolve(import.meta.dirname, ".."));

/** RSS of a process and all its descendants, from /proc (kB). */
function treeRssKb(rootPid: number): number {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // exited meanwhile
    }
  }
  const inTree = (pid: number): boolean =>
    pid === rootPid || (parents.has(pid) && pid > 1 && inTree(parents.get(pid)!));
  let total = 0;
  for (const pid of parents.keys()) {
    if (!inTree(pid)) continue;
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

function streamBody(url: string): Promise<{ status: number; sentMiB: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    let answered = false;
    const req = http.request(
      url,
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" },
      },
      (res) => {
        answered = true;
        res.resume();
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, sentMiB: sent / 1024 / 1024, ms: performance.now() - started }),
        );
      },
    );
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sent < BODY_BYTES) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;

const cleanups: Array<() => Promise<void> | void> = [];
try {
  let adminUrl = process.env.RUNWAY_BENCH_DATABASE_URL ?? "";
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-pg-"));
    const server = await startEmbeddedPostgres({ dataDir, persistent: false });
    adminUrl = server.adminUrl;
    cleanups.push(() => server.stop());
  }
  const state = await createTestDatabase(adminUrl, "rw_bench_body");
  cleanups.push(() => state.drop());
  await applyOwnMigrations(state.url);
  const port = await findFreePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-data-"));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const server = spawn(
    process.execPath,
    [
      path.resolve(import.meta.dirname, "../node_modules/next/dist/bin/next"),
      "start",
      "--port",
      String(port),
      "--hostname",
      "127.0.0.1",
    ],
    {
      cwd: appDir,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: state.url,
        RUNWAY_SECRET_KEY: crypto.randomBytes(32).toString("base64"),
        NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64"),
        NEXTAUTH_URL: `http://127.0.0.1:${port}`,
        RUNWAY_DISABLE_WORKER: "1",
        RUNWAY_DATA_DIR: dataDir,
      },
      stdio: "ignore",
    },
  );
  cleanups.push(() => void server.kill("SIGTERM"));
  const base = `http://127.0.0.1:${port}`;
  for (let ready = false; !ready;) {
    if (server.exitCode !== null)
      throw new Error(`next start exited with ${server.exitCode} (is there a build in ${appDir}/.next?)`);
    ready = await fetch(`${base}/api/auth/providers`).then(
      (r) => r.ok,
      () => false,
    );
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await fetch(`${base}/api/auth/csrf`); // load the route once: its module memory is not the bodies'
  const before = treeRssKb(server.pid!);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRssKb(server.pid!))), 50);
  const results = await Promise.all(
    Array.from({ length: CLIENTS }, () => streamBody(`${base}/api/auth/callback/credentials`)),
  );
  clearInterval(sampler);
  peak = Math.max(peak, treeRssKb(server.pid!));
  const after = treeRssKb(server.pid!);
  console.log(
    `${CLIENTS} concurrent chunked ${BODY_BYTES / 1024 / 1024} MiB POSTs to /api/auth/callback/credentials (${appDir})`,
  );
  console.log(
    `  server RSS: before ${mib(before)}, peak ${mib(peak)}, after ${mib(after)} (peak - before: ${mib(peak - before)})`,
  );
  for (const [i, r] of results.entries())
    console.log(`  client ${i + 1}: ${r.status} after ${r.sentMiB.toFixed(0)} MiB sent, ${r.ms.toFixed(0)} ms`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}
process.exit(0);
