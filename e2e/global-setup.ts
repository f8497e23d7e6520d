// E2E set-up: a PostgreSQL server, Runway's state database, users for every role, the runbook demo in three
// target databases, and the production build served by `next start`. Everything is torn down afterwards.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { seedDemo } from "../lib/demo/seed-demo";
import { createPrisma } from "../lib/server/db";
import { createUser } from "../lib/server/users";
import { applyOwnMigrations } from "../lib/server/bootstrap";
import { startEmbeddedPostgres } from "../lib/testing/embedded-postgres";
import { createTestDatabase } from "../lib/testing/test-database";
import { E2E_STATE_FILE, E2E_USERS, type E2eState } from "./e2e-state";
import { OIDC_CLIENT, startOidcProvider } from "./oidc-provider";

const root = path.resolve(import.meta.dirname, "..");

async function waitForServer(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    const ok = await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The dashboard did not answer at ${url} within ${timeoutMs} ms`);
}

export default async function globalSetup() {
  const cleanups: Array<() => Promise<void>> = [];
  let adminUrl = process.env.RUNWAY_TEST_DATABASE_URL ?? "";
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-e2e-pg-"));
    const server = await startEmbeddedPostgres({ dataDir, persistent: false });
    adminUrl = server.adminUrl;
    cleanups.push(async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
  }

  const state = await createTestDatabase(adminUrl, "rw_e2e_state");
  cleanups.push(() => state.drop());
  await applyOwnMigrations(state.url);
  const secretKey = crypto.randomBytes(32);
  const prisma = createPrisma(state.url);
  for (const user of Object.values(E2E_USERS)) await createUser(prisma, user);
  const demoPrefix = `rw_e2e_demo_${crypto.randomBytes(3).toString("hex")}`;
  await seedDemo({ prisma, secretKey }, adminUrl, demoPrefix);
  await prisma.$disconnect();
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${demoPrefix}%`,
    ]);
    for (const row of rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    await client.end();
  });

  const port = Number(process.env.E2E_PORT ?? 3217);
  const oidc = await startOidcProvider(`http://127.0.0.1:${port}/api/auth/callback/oidc`);
  cleanups.push(() => oidc.stop());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-e2e-data-"));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: state.url,
    RUNWAY_SECRET_KEY: secretKey.toString("base64"),
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64"),
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    RUNWAY_STATUS_TTL_MS: "1000",
    // The specs' target databases live on the same server as Runway's state database.
    RUNWAY_TARGET_OWN_SERVER: "allow",
    OIDC_ISSUER: oidc.issuer,
    OIDC_CLIENT_ID: OIDC_CLIENT.id,
    OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    // Shadow databases (drift, dry runs) on the suite's server rather than a second embedded one.
    RUNWAY_SHADOW_DATABASE_URL: adminUrl,
    // No scheduled drift checks mid-run (they would change the demo's health under the specs); on demand and after
    // actions they still run.
    RUNWAY_DRIFT_CRON: "0 0 1 1 *",
    // The audit chain's head goes here, not into the checkout's own .data.
    RUNWAY_DATA_DIR: dataDir,
    // The monitor reads every environment every 2 s, so the specs see its events quickly.
    RUNWAY_MONITOR_INTERVAL_S: "2",
    RUNWAY_NOTIFY_RETRY_DELAY_S: "1",
  };
  const nextBin = path.join(root, "node_modules/next/dist/bin/next");
  if (process.env.E2E_SKIP_BUILD !== "1") {
    const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, env, stdio: "inherit" });
    if (build.status !== 0) throw new Error(`next build failed (exit ${build.status})`);
  }
  // scripts/serve.mjs is `next start` plus the socket peer for the audit log and sign-in throttling.
  const server = spawn(process.execPath, [path.join(root, "scripts/serve.mjs")], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const serverLog: string[] = [];
  server.stdout?.on("data", (chunk) => serverLog.push(String(chunk)));
  server.stderr?.on("data", (chunk) => serverLog.push(String(chunk)));
  cleanups.push(async () => {
    server.kill("SIGTERM");
    fs.writeFileSync(path.join(root, ".runway/e2e-server.log"), serverLog.join(""));
  });

  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitForServer(`${baseURL}/signin`, server, 60_000);
  } catch (error) {
    console.error(serverLog.join(""));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    throw error;
  }
  const shared: E2eState = {
    baseURL,
    adminUrl,
    demoPrefix,
    secretKeyBase64: secretKey.toString("base64"),
    stateUrl: state.url,
    oidcIssuer: oidc.issuer,
  };
  fs.mkdirSync(path.dirname(E2E_STATE_FILE), { recursive: true });
  fs.writeFileSync(E2E_STATE_FILE, JSON.stringify(shared));

  return async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => console.error("[e2e teardown]", e));
    fs.rmSync(E2E_STATE_FILE, { force: true });
  };
}
