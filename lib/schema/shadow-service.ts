// Throwaway shadow databases for Prisma's engine, on a server Runway owns (never a target's): created per use,
// dropped WITH (FORCE) after it, and swept when their owner is gone (a crashed or killed process).
// Ownership is a live session: each service keeps one connection named `runway-shadow-owner:<token>`, and every
// database it creates carries the token in its name. A database whose token has no such session is an orphan.
import crypto from "node:crypto";
import pg from "pg";
import { quoteIdentifier, withDatabaseName } from "../migrations/database-url";
import type { ShadowLease, ShadowProvider } from "../migrations/engine";

export const SHADOW_PREFIX = "runway_shadow";
const OWNER_APP = "runway-shadow-owner:";

export interface ShadowService {
  /** A new empty database; `release()` drops it. */
  provide: ShadowProvider;
  /** Drops the shadow databases whose owner is gone; returns their names. */
  sweep(): Promise<string[]>;
  /** The shadow server's version (`SHOW server_version`), to compare with a target's. */
  serverVersion(): Promise<string>;
  /** What the sweep at start dropped (left by processes that died). */
  sweptAtStart: string[];
  /** Drops this service's databases and closes its owner session. */
  stop(): Promise<void>;
}

export interface ShadowServiceOptions {
  /** A URL to a server where Runway may create databases (its maintenance database, e.g. `/postgres`). */
  serverUrl: string;
  prefix?: string;
}

/** Lists the shadow databases on a server (tests and the sweep). */
export async function listShadowDatabases(serverUrl: string, prefix = SHADOW_PREFIX): Promise<string[]> {
  const client = new pg.Client({ connectionString: serverUrl, application_name: "runway (shadow sweep)" });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1",
      [`${prefix}_`],
    );
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

async function dropDatabase(client: pg.ClientBase, name: string): Promise<void> {
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  } catch (error) {
    if ((error as pg.DatabaseError).code !== "42601") throw error;
    // PostgreSQL 12 and older: no WITH (FORCE); end the sessions first.
    await client.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [name],
    );
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
  }
}

export async function createShadowService(options: ShadowServiceOptions): Promise<ShadowService> {
  const prefix = options.prefix ?? SHADOW_PREFIX;
  const token = crypto.randomBytes(5).toString("hex");
  const owner = new pg.Client({ connectionString: options.serverUrl, application_name: `${OWNER_APP}${token}` });
  owner.on("error", () => {}); // a lost owner session only means our databases become sweepable
  await owner.connect();
  let counter = 0;
  const live = new Set<string>();
  // One DDL statement at a time on the owner session (CREATE/DROP DATABASE cannot share a transaction anyway).
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };

  async function sweep(): Promise<string[]> {
    return serial(async () => {
      const { rows: owners } = await owner.query<{ application_name: string }>(
        "SELECT DISTINCT application_name FROM pg_stat_activity WHERE starts_with(application_name, $1)",
        [OWNER_APP],
      );
      const liveTokens = new Set(owners.map((o) => o.application_name.slice(OWNER_APP.length)));
      const { rows } = await owner.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
        [`${prefix}_`],
      );
      const orphans = rows
        .map((r) => r.datname)
        .filter((name) => !liveTokens.has(name.slice(prefix.length + 1).split("_")[0]));
      for (const name of orphans) await dropDatabase(owner, name);
      return orphans;
    });
  }

  const provide: ShadowProvider = async (): Promise<ShadowLease> => {
    counter += 1;
    const name = `${prefix}_${token}_${counter}_${crypto.randomBytes(2).toString("hex")}`;
    await serial(() => owner.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE template0`));
    live.add(name);
    let released = false;
    return {
      url: withDatabaseName(options.serverUrl, name),
      release: async () => {
        if (released) return;
        released = true;
        await serial(() => dropDatabase(owner, name));
        live.delete(name);
      },
    };
  };

  const sweptAtStart = await sweep();
  return {
    provide,
    sweptAtStart,
    sweep,
    serverVersion: async () =>
      (await serial(() => owner.query<{ server_version: string }>("SHOW server_version"))).rows[0].server_version,
    async stop() {
      for (const name of [...live]) await serial(() => dropDatabase(owner, name)).catch(() => {});
      live.clear();
      await owner.end().catch(() => {});
    },
  };
}
