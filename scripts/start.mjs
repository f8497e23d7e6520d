#!/usr/bin/env node
// `npm start`: the dashboard on its embedded default. Uses DATABASE_URL when set; otherwise a persistent
// embedded PostgreSQL in .data/postgres. Builds when .next is missing or stale, then runs `next start` on PORT.
import net from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { buildIsStale } from "./lib/build.mjs";
import { startEmbeddedDatabase } from "./lib/embedded-database.mjs";
import path from "node:path";
import { dataDir } from "./lib/data-dir.mjs";
import { loadLocalSecrets } from "./lib/local-secrets.mjs";
import { ensurePrismaClient } from "./lib/prisma-client.mjs";
import { bins, handleStopSignals, projectRoot, runNode } from "./lib/processes.mjs";

const port = Number(process.env.PORT ?? 3000);
const READY_POLL_MS = 200;
let stopRequested = false;
let stopDatabase = async () => {};

/** Own migrations (through Runway's engine), the first admin, and the demo: lib/server/bootstrap.ts. */
async function prepareState(env) {
  const code = await runNode(bins.tsx, [path.join(projectRoot, "scripts/prepare-state.ts")], { env });
  if (code !== 0) throw new Error("Preparing Runway's own database failed (see above).");
}

async function main() {
  // Children get the signal forwarded; each step below checks stopRequested so we clean up in order.
  handleStopSignals(() => {
    stopRequested = true;
  });

  const secrets = loadLocalSecrets();
  const { RUNWAY_EMBEDDED_PG_PASSWORD: embeddedPassword, ...appSecrets } = secrets;
  const embedded = !process.env.DATABASE_URL;
  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    console.log("[runway] Using DATABASE_URL.");
  } else {
    const database = await startEmbeddedDatabase({ password: embeddedPassword });
    stopDatabase = async () => {
      await database.stop();
      console.log("[runway] Embedded PostgreSQL stopped.");
    };
    databaseUrl = database.url;
    console.log(
      `[runway] Embedded PostgreSQL on 127.0.0.1:${database.port} (data in ${path.relative(projectRoot, database.folder) || database.folder}).`,
    );
  }
  if (stopRequested) return 0;

  const env = {
    ...process.env,
    ...appSecrets,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    RUNWAY_DATA_DIR: dataDir(),
  };
  env.NEXT_TELEMETRY_DISABLED ??= "1";
  // The embedded default listens on loopback only; HOSTNAME=0.0.0.0 (or an address) opens it to the network.
  env.HOSTNAME ??= embedded ? "127.0.0.1" : "0.0.0.0";
  // The demo's databases live on the embedded server next to Runway's own (which stays refused as a target).
  if (embedded) env.RUNWAY_TARGET_OWN_SERVER ??= "allow";
  env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  await ensurePrismaClient();
  await prepareState(env);
  if (stopRequested) return 0;

  if (buildIsStale()) {
    console.log("[runway] Building the dashboard (no build yet, or sources changed since the last one)...");
    const code = await runNode(bins.next, ["build"], { env });
    if (stopRequested) return 0;
    if (code !== 0) {
      console.error(`[runway] next build failed (exit ${code}).`);
      return code;
    }
  }

  // `next start` plus the socket peer for the audit log (scripts/serve.mjs).
  const server = runNode(path.join(projectRoot, "scripts/serve.mjs"), [], { env });
  let exited = false;
  server.finally(() => (exited = true));
  const probeHost = ["0.0.0.0", "::"].includes(env.HOSTNAME) ? "127.0.0.1" : env.HOSTNAME;
  if (await waitUntilListening(port, probeHost, () => exited)) {
    const shown = ["0.0.0.0", "::", "127.0.0.1"].includes(env.HOSTNAME) ? "localhost" : env.HOSTNAME;
    console.log(`\n[runway] Runway is running at http://${shown}:${port}  (Ctrl-C to stop)\n`);
  }
  const code = await server;
  return stopRequested ? 0 : code;
}

/** Resolves true once something accepts connections on the port, false if the server exited first. */
async function waitUntilListening(targetPort, host, hasExited) {
  while (!hasExited()) {
    if (await accepts(targetPort, host)) return true;
    await delay(READY_POLL_MS);
  }
  return false;
}

function accepts(targetPort, host) {
  return new Promise((resolve) => {
    const socket = net.connect(targetPort, host);
    socket.once("connect", () => socket.end(() => resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`[runway] ${error instanceof Error ? error.message : error}`);
} finally {
  await stopDatabase().catch((error) => console.error(`[runway] Stopping embedded PostgreSQL failed: ${error}`));
}
process.exit(exitCode);
