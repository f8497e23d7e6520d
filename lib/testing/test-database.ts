// One throwaway database per test, on whichever server the suite runs against.
import crypto from "node:crypto";
import pg from "pg";
import { withDatabaseName } from "../migrations/database-url";

export interface TestDatabase {
  name: string;
  url: string;
  /** Run SQL as the superuser on this database (set-up and assertions). */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<T>>;
  drop(): Promise<void>;
}

export async function createTestDatabase(adminUrl: string, prefix = "rw_test"): Promise<TestDatabase> {
  const name = `${prefix}_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // DROP … WITH (FORCE) terminates sessions still closing; their FATAL must not crash the test process.
  pool.on("error", () => {});
  return {
    name,
    url,
    query: (sql, params) => pool.query(sql, params as unknown[]),
    async drop() {
      await pool.end();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * A database URL with a password to look for in responses, pages and the audit log: the URL's own when its server
 * needs one (the embedded server's generated password), else `marker` (a trusting server ignores it).
 */
export function withTestPassword(url: string, marker: string): { url: string; password: string } {
  const parsed = new URL(url);
  if (!parsed.password) parsed.password = marker;
  return { url: parsed.toString(), password: decodeURIComponent(parsed.password) };
}
