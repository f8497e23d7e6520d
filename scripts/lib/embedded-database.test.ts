// The embedded default across a restart (issue 13, items 13 and 2b): an installation made with the old fixed
// superuser password and port 5433 comes back with 5433 taken; the password is replaced by a generated one and the
// demo environments follow the server's new port and password (before: all three read unreachable).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, expect, it } from "vitest";
import { createStatusService } from "../../lib/environments/status-service";
import { createPrisma } from "../../lib/server/db";
import { findFreePort, startEmbeddedPostgres } from "../../lib/testing/embedded-postgres";
import { startEmbeddedDatabase } from "./embedded-database.mjs";
import { loadLocalSecrets } from "./local-secrets.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Restores the variables as they are now (deleting those unset now). */
function restoreEnv(keys: string[]): () => void {
  const saved = Object.fromEntries(keys.map((key) => [key, process.env[key]]));
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

function prepareState(env: Record<string, string>) {
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/prepare-state.ts")],
    {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: "utf8",
    },
  );
  expect(result.status, result.stderr + result.stdout).toBe(0);
}

async function passwordWorks(url: string, password: string): Promise<boolean> {
  const withPassword = new URL(url);
  withPassword.password = password;
  const client = new pg.Client({ connectionString: withPassword.toString() });
  try {
    await client.connect();
    return true;
  } catch (error) {
    expect((error as { code?: string }).code).toBe("28P01");
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

it(
  "replaces the fixed password, and the demo follows the port after a restart with the preferred one taken",
  { timeout: 180_000 },
  async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), "rw-embedded-"));
    fs.chmodSync(data, 0o755); // as root, PostgreSQL runs as `postgres`, which must enter it
    cleanups.push(() => fs.rmSync(data, { recursive: true, force: true }));
    cleanups.push(
      restoreEnv(["RUNWAY_DATA_DIR", "RUNWAY_EMBEDDED_PG_PORT", "DATABASE_URL", "RUNWAY_TARGET_OWN_SERVER"]),
    );
    const preferred = await findFreePort();
    process.env.RUNWAY_DATA_DIR = data;
    process.env.RUNWAY_EMBEDDED_PG_PORT = String(preferred);
    const secretKey = crypto.randomBytes(32).toString("base64");
    const appEnv = {
      RUNWAY_SECRET_KEY: secretKey,
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64"),
      RUNWAY_DATA_DIR: data,
      RUNWAY_TARGET_OWN_SERVER: "allow",
    };

    // An installation as the previous version made it: password "runway", on the preferred port, demo seeded.
    const old = await startEmbeddedPostgres({
      dataDir: path.join(data, "postgres"),
      persistent: true,
      port: preferred,
      password: "runway",
    });
    const admin = new pg.Client({ connectionString: old.adminUrl });
    await admin.connect();
    await admin.query("CREATE DATABASE runway");
    await admin.end();
    prepareState({ ...appEnv, DATABASE_URL: old.adminUrl.replace(/\/postgres$/, "/runway") });
    await old.stop();

    // 5433 (here: the preferred port) is taken by someone else at the next start.
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(preferred, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => squatter.close(() => resolve())));

    const { RUNWAY_EMBEDDED_PG_PASSWORD: password } = loadLocalSecrets() as Record<string, string>;
    expect(password).not.toBe("runway");
    expect(JSON.parse(fs.readFileSync(path.join(data, "secrets.json"), "utf8")).RUNWAY_EMBEDDED_PG_PASSWORD).toBe(
      password,
    );
    const server = await startEmbeddedDatabase({ password });
    cleanups.push(() => server.stop());
    expect(server.port).not.toBe(preferred);
    expect(await passwordWorks(server.url, "runway")).toBe(false);
    expect(await passwordWorks(server.url, password)).toBe(true);

    prepareState({ ...appEnv, DATABASE_URL: server.url });
    const prisma = createPrisma(server.url, { poolSize: 2 });
    cleanups.push(() => prisma.$disconnect());
    Object.assign(process.env, { DATABASE_URL: server.url, RUNWAY_TARGET_OWN_SERVER: "allow" });
    const overview = await createStatusService(
      { prisma, secretKey: Buffer.from(secretKey, "base64") },
      { ttlMs: 0 },
    ).getOverview();
    const health = Object.fromEntries(overview.projects[0].environments.map((e) => [e.environment.name, e.health]));
    expect(health).toEqual({ dev: "up_to_date", staging: "pending", prod: "blocked" });
    for (const env of overview.projects[0].environments)
      expect(env.environment.urlDisplay).toContain(`:${server.port}/`);
  },
);
