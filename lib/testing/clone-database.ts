// Copies of a prepared database (CREATE DATABASE … TEMPLATE): one deploy of a long history, many scenarios.
import crypto from "node:crypto";
import pg from "pg";
import { withDatabaseName } from "../migrations/database-url";
import type { TestDatabase } from "./test-database";

export async function cloneDatabase(adminUrl: string, template: TestDatabase): Promise<TestDatabase> {
  const name = `rw_clone_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // A template must have no sessions: the template's own pool may still hold idle ones.
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [template.name],
    );
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template.name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
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
