// Timestamps of _prisma_migrations come from PostgreSQL as epoch milliseconds: they must be the very Dates pg's
// own timestamptz parser gives (microseconds truncated), whatever the session's time zone.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../testing/use-test-database";
import { readMigrationHistory } from "./history";

const database = useTestDatabase();

describe("readMigrationHistory", () => {
  it("reads started_at, finished_at and rolled_back_at as pg's parser does, to the millisecond", async () => {
    const client = new pg.Client({ connectionString: database().url });
    await client.connect();
    try {
      await client.query(`CREATE TABLE _prisma_migrations (
        id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz, migration_name varchar(255) NOT NULL,
        logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count int NOT NULL DEFAULT 0)`);
      await client.query(`SET TIME ZONE 'Asia/Kolkata';
        INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, rolled_back_at) VALUES
          ('a', 'c', 'm1', '2026-01-15 10:00:00.123456+00', '2026-01-15 10:00:00.999999+00', NULL),
          ('b', 'c', 'm2', '2026-01-15 10:00:01+05:30', NULL, '2026-02-01 00:00:00.0005+00'),
          ('d', 'c', 'm3', '1969-12-31 23:59:59.9995+00', '1969-12-31 23:59:59.9995+00', NULL)`);
      const expected = await client.query<{
        id: string;
        started_at: Date;
        finished_at: Date | null;
        rolled_back_at: Date | null;
      }>("SELECT id, started_at, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at, id");
      const { rows } = await readMigrationHistory(database().url);
      expect(
        rows.map((r) => [
          r.id,
          r.startedAt.toISOString(),
          r.finishedAt?.toISOString() ?? null,
          r.rolledBackAt?.toISOString() ?? null,
        ]),
      ).toEqual(
        expected.rows.map((r) => [
          r.id,
          r.started_at.toISOString(),
          r.finished_at?.toISOString() ?? null,
          r.rolled_back_at?.toISOString() ?? null,
        ]),
      );
      expect(rows.find((r) => r.id === "a")?.startedAt.toISOString()).toBe("2026-01-15T10:00:00.123Z");
    } finally {
      await client.end();
    }
  });
});
