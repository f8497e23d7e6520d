// Parity with Prisma's own engine: same reading of the history, same rows written.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { useTestDatabase } from "../testing/use-test-database";
import { deployMigrations, diagnoseHistory, resolveApplied } from "./engine";
import { readMigrationsFolder } from "./folder";
import { readMigrationStatus } from "./status";
import type { HistoryDivergence } from "./types";

const database = useTestDatabase();
const A = "20260101000000_a";
const B = "20260102000000_b";
const C = "20260103000000_c";
const ok = (table: string) => `CREATE TABLE "${table}" (id int PRIMARY KEY);\n`;

/** Our divergence in the engine's vocabulary. */
function toEngineDiagnostic(divergence: HistoryDivergence) {
  switch (divergence.kind) {
    case "none":
      return null;
    case "database_behind":
      return { diagnostic: "databaseIsBehind", unappliedMigrationNames: divergence.unapplied };
    case "folder_behind":
      return { diagnostic: "migrationsDirectoryIsBehind", unpersistedMigrationNames: divergence.missingLocally };
    case "diverged":
      return {
        diagnostic: "historiesDiverge",
        lastCommonMigrationName: divergence.lastCommon,
        unpersistedMigrationNames: divergence.missingLocally,
        unappliedMigrationNames: divergence.unapplied,
      };
  }
}

async function expectParity(url: string, dir: string) {
  const folder = await readMigrationsFolder(dir);
  const ours = await readMigrationStatus(url, folder);
  const engine = await diagnoseHistory(url, folder);
  expect(ours.history.hasMigrationsTable).toBe(engine.hasMigrationsTable);
  expect(ours.migrations.filter((m) => m.state === "failed").map((m) => m.name)).toEqual(engine.failedMigrationNames);
  expect(ours.migrations.filter((m) => m.state === "modified").map((m) => m.name)).toEqual(engine.editedMigrationNames);
  expect(toEngineDiagnostic(ours.verdict.divergence)).toEqual(engine.history);
}

describe("parity with diagnoseMigrationHistory", () => {
  it("agrees on an empty database, a partial deploy, a failure, an edit and a deleted folder", async () => {
    const db = database();
    const dir = writeMigrationsFolder({ [A]: ok("A"), [B]: 'ALTER TABLE "Nope" ADD COLUMN x int;' });
    await expectParity(db.url, dir);

    await deployMigrations(db.url, await readMigrationsFolder(dir)).catch(() => {});
    await expectParity(db.url, dir); // B failed

    await resolveApplied(db.url, await readMigrationsFolder(dir), B);
    await expectParity(db.url, dir); // clean

    fs.writeFileSync(path.join(dir, A, "migration.sql"), `-- edited\n${ok("A")}`);
    await expectParity(db.url, dir); // A edited

    fs.mkdirSync(path.join(dir, C));
    fs.writeFileSync(path.join(dir, C, "migration.sql"), ok("C"));
    await expectParity(db.url, dir); // database behind by C

    fs.rmSync(path.join(dir, B), { recursive: true });
    await expectParity(db.url, dir); // B gone locally, C unapplied: diverged
  });

  it("writes the rows Prisma writes: checksums equal sha256sum of migration.sql", async () => {
    const db = database();
    const dir = writeMigrationsFolder({ [A]: ok("A"), [B]: "-- ünïcödé and CRLF\r\n" + ok("B") });
    await deployMigrations(db.url, await readMigrationsFolder(dir));
    const { rows } = await db.query(
      `SELECT migration_name, checksum, logs, applied_steps_count, finished_at >= started_at AS ordered, rolled_back_at
         FROM _prisma_migrations ORDER BY started_at`,
    );
    for (const row of rows) {
      const expected = execFileSync("sha256sum", [path.join(dir, row.migration_name, "migration.sql")], {
        encoding: "utf8",
      }).split(" ")[0];
      expect(row).toMatchObject({
        checksum: expected,
        logs: null,
        applied_steps_count: 1,
        ordered: true,
        rolled_back_at: null,
      });
    }
    expect(rows.map((r) => r.migration_name)).toEqual([A, B]);
  });
});
