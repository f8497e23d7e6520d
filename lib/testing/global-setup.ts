// Vitest global setup: the PostgreSQL server every test database is created on.
// RUNWAY_TEST_DATABASE_URL names an existing server (superuser URL); otherwise an embedded PostgreSQL 18 starts.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createShadowService } from "../schema/shadow-service";
import { startEmbeddedPostgres } from "./embedded-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    serverVersion: string;
  }
}

export default async function setup(project: TestProject) {
  // The audit chain is sealed with a key from RUNWAY_SECRET_KEY and keeps its head in RUNWAY_DATA_DIR: give the
  // test workers (forked after this, inheriting the environment) a throwaway key and folder.
  const testDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-test-data-"));
  process.env.RUNWAY_DATA_DIR = testDataDir;
  process.env.RUNWAY_SECRET_KEY ??= crypto.randomBytes(32).toString("base64");
  const given = process.env.RUNWAY_TEST_DATABASE_URL;
  let stop = async () => {};
  let adminUrl = given ?? "";
  let dataDir: string | null = null;
  if (!given) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-test-pg-"));
    const server = await startEmbeddedPostgres({ dataDir, persistent: false });
    adminUrl = server.adminUrl;
    stop = server.stop;
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
  await client.end();
  project.provide("adminUrl", adminUrl);
  project.provide("serverVersion", rows[0].server_version);
  console.log(
    `[runway tests] PostgreSQL ${rows[0].server_version} (${given ? "RUNWAY_TEST_DATABASE_URL" : "embedded"})`,
  );
  return async () => {
    // Every test stops its shadow service; an orphan here means a code path left one behind.
    const check = await createShadowService({ serverUrl: adminUrl });
    await check.stop();
    if (check.sweptAtStart.length > 0)
      console.error(`[runway tests] shadow databases were left behind: ${check.sweptAtStart.join(", ")}`);
    fs.rmSync(testDataDir, { recursive: true, force: true });
    await stop();
    if (check.sweptAtStart.length > 0)
      throw new Error(`${check.sweptAtStart.length} shadow database(s) left behind by the suite`);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
