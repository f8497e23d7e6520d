// Benchmark of sign-in throttling against the production build (issue 13, item 4): 150 wrong passwords for one
// account over HTTP (where the lockout starts), then another signed-in user's overview p50 while 40 clients
// flood the sign-in with wrong passwords — for one account, and sprayed across many accounts.
// A benchmark, not a test: it prints figures and exits 0. Needs `next build` first (npm test or npm start makes one).
//
//   RUNWAY_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres PORT=3412 npx tsx scripts/bench-signin.ts
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { seedDemo } from "../lib/demo/seed-demo";
import { applyOwnMigrations } from "../lib/server/bootstrap";
import { createPrisma } from "../lib/server/db";
import { createUser } from "../lib/server/users";
import { startEmbeddedPostgres } from "../lib/testing/embedded-postgres";
import { createTestDatabase } from "../lib/testing/test-database";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3412);
const base = `http://127.0.0.1:${port}`;
const FLOOD_CLIENTS = 40;
const SAMPLES = 100;
const log = (line: string) => console.log(`· ${line}`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(";")[0]);
}

/** One client: its csrf cookie and token, as next-auth's sign-in page would get them. */
async function newClient(): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: cookiesOf(response).join("; "), csrfToken };
}

async function postCredentials(
  client: { cookie: string; csrfToken: string },
  email: string,
  password: string,
): Promise<Response> {
  return fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: client.cookie },
    body: new URLSearchParams({ email, password, csrfToken: client.csrfToken, json: "true" }),
  });
}

async function signedInCookie(email: string, password: string): Promise<string> {
  const client = await newClient();
  const response = await postCredentials(client, email, password);
  const session = cookiesOf(response).find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`could not sign in ${email}: HTTP ${response.status}`);
  return `${client.cookie}; ${session}`;
}

async function overviewTimes(cookie: string, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const response = await fetch(`${base}/api/overview`, { headers: { cookie } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`overview answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

/** 40 clients posting wrong passwords until `until` resolves; returns the statuses they got. */
async function flood(
  emailFor: (client: number, i: number) => string,
  until: Promise<unknown>,
): Promise<Map<number, number>> {
  let done = false;
  void until.finally(() => (done = true));
  const statuses = new Map<number, number>();
  await Promise.all(
    Array.from({ length: FLOOD_CLIENTS }, async (_, c) => {
      const client = await newClient();
      for (let i = 0; !done; i++) {
        const response = await postCredentials(client, emailFor(c, i), `wrong-${c}-${i}`);
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    }),
  );
  return statuses;
}

async function waitForServer(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (
      await fetch(`${base}/signin`).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the dashboard did not start");
}

async function main() {
  if (!fs.existsSync(path.join(root, ".next/BUILD_ID")))
    throw new Error("No production build: run `npx next build` first.");
  const cleanups: Array<() => Promise<void>> = [];
  let adminUrl = process.env.RUNWAY_BENCH_DATABASE_URL ?? "";
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-pg-"));
    const server = await startEmbeddedPostgres({ dataDir, persistent: false });
    adminUrl = server.adminUrl;
    cleanups.push(async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
  }
  try {
    const state = await createTestDatabase(adminUrl, "rw_bench_signin");
    cleanups.push(() => state.drop());
    await applyOwnMigrations(state.url);
    const secretKey = crypto.randomBytes(32);
    const prisma = createPrisma(state.url);
    const reader = { email: "reader@bench.test", password: "reader-password-1", role: "viewer" as const };
    await createUser(prisma, reader);
    await createUser(prisma, { email: "victim@bench.test", password: "victim-password-1", role: "admin" });
    await createUser(prisma, { email: "second@bench.test", password: "second-password-1", role: "operator" });
    const demoPrefix = `rw_bench_demo_${crypto.randomBytes(3).toString("hex")}`;
    await seedDemo({ prisma, secretKey }, adminUrl, demoPrefix);
    await prisma.$disconnect();
    cleanups.push(async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      const { rows } = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`${demoPrefix}%`],
      );
      for (const row of rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      await client.end();
    });

    const server = spawn(process.execPath, [path.join(root, "scripts/serve.mjs")], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        DATABASE_URL: state.url,
        RUNWAY_SECRET_KEY: secretKey.toString("base64"),
        NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64"),
        NEXTAUTH_URL: base,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    cleanups.unshift(async () => void server.kill("SIGTERM"));
    await waitForServer();

    // 1. 150 wrong passwords for one account, one client, one after the other.
    const attacker = await newClient();
    const statuses: number[] = [];
    let retryAfter = "";
    const guess = async (i: number) => {
      const response = await postCredentials(attacker, "victim@bench.test", `guess-${i}`);
      await response.arrayBuffer();
      if (response.status === 429) retryAfter = response.headers.get("retry-after") ?? "";
      return response.status;
    };
    // One after the other past the lockout; the rest at once (refusals are answered after a 1 s pause).
    for (let i = 0; i < 20; i++) statuses.push(await guess(i));
    statuses.push(...(await Promise.all(Array.from({ length: 130 }, (_, i) => guess(20 + i)))));
    const firstRefused = statuses.indexOf(429) + 1;
    log(
      `150 wrong passwords for one account: ${statuses.filter((s) => s === 401).length} × 401, then locked at attempt ${firstRefused}: ${statuses.filter((s) => s === 429).length} × 429 (Retry-After ${retryAfter} s)`,
    );

    // 2. Another user's overview, alone and during the floods.
    const cookie = await signedInCookie(reader.email, reader.password);
    await overviewTimes(cookie, 10); // warm-up
    const alone = await overviewTimes(cookie, SAMPLES);
    log(
      `overview p50 alone: ${percentile(alone, 50).toFixed(1)} ms (p95 ${percentile(alone, 95).toFixed(1)} ms, ${SAMPLES} requests)`,
    );

    const sampling = overviewTimes(cookie, SAMPLES);
    const oneAccount = await flood(() => "second@bench.test", sampling);
    const during = await sampling;
    log(
      `overview p50 during a ${FLOOD_CLIENTS}-client wrong-password flood on one account: ${percentile(during, 50).toFixed(1)} ms (p95 ${percentile(during, 95).toFixed(1)} ms); flood answers: ${[...oneAccount].map(([s, n]) => `${n} × ${s}`).join(", ")}`,
    );

    const sprayed = overviewTimes(cookie, SAMPLES);
    const manyAccounts = await flood((c, i) => `spray-${c}-${i}@bench.test`, sprayed);
    const duringSpray = await sprayed;
    log(
      `overview p50 during a ${FLOOD_CLIENTS}-client flood sprayed over new accounts (one address): ${percentile(duringSpray, 50).toFixed(1)} ms (p95 ${percentile(duringSpray, 95).toFixed(1)} ms); flood answers: ${[...manyAccounts].map(([s, n]) => `${n} × ${s}`).join(", ")}`,
    );
    log(
      "before the fix (issue 13): 150 wrong passwords never locked; others' overview p50 went from 10 ms to 2 s under 40 clients",
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error) => console.error("[bench cleanup]", error));
  }
}

await main();
process.exit(0);
