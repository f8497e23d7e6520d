// Bad input gets a clear error and writes nothing.
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { useTestDatabase } from "../testing/use-test-database";
import { deployMigrations, resolveApplied, resolveRolledBack } from "./engine";
import { MigrateError } from "./errors";
import { MigrationsFolderError, readMigrationsFolder } from "./folder";
import { readMigrationHistory } from "./history";

const database = useTestDatabase();
const A = "20260101000000_a";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrateError);
  return (error as MigrateError).code;
}

async function snapshot(db: ReturnType<typeof database>) {
  const { rows } = await db.query(
    `SELECT coalesce(json_agg(m ORDER BY started_at), '[]') AS rows FROM _prisma_migrations m`,
  );
  return JSON.stringify(rows[0].rows);
}

describe("bad input", () => {
  it.each([
    ["not a url", "P1013"],
    ["mysql://root@localhost:3306/app", "P1013"],
    ["file:./dev.db", "P1013"],
    ["postgresql://localhost:5432", "P1013"],
    ["", "P1013"],
  ])("rejects the database URL %j with %s", async (url, code) => {
    expect(await codeOf(readMigrationHistory(url))).toBe(code);
    expect(
      await codeOf(deployMigrations(url, await readMigrationsFolder(writeMigrationsFolder({ [A]: "SELECT 1;" })))),
    ).toBe(code);
  });

  it("refuses unknown and hostile migration names without writing anything", async () => {
    const db = database();
    const folder = await readMigrationsFolder(writeMigrationsFolder({ [A]: "CREATE TABLE t (id int);" }));
    await deployMigrations(db.url, folder);
    const before = await snapshot(db);

    expect(await codeOf(resolveRolledBack(db.url, "20990101000000_unknown"))).toBe("P3011");
    expect(await codeOf(resolveRolledBack(db.url, A))).toBe("P3012");
    expect(await codeOf(resolveApplied(db.url, folder, "20990101000000_unknown"))).toBe("P3017");
    expect(await codeOf(resolveApplied(db.url, folder, A))).toBe("P3008");
    for (const hostile of [`${A}'; DROP TABLE t; --`, '"quoted"', "../../etc/passwd", "a/b", "a\\b", "x\u0000y", ""]) {
      expect(await codeOf(resolveRolledBack(db.url, hostile))).toBe("RW_INVALID_NAME");
      expect(await codeOf(resolveApplied(db.url, folder, hostile))).toBe("RW_INVALID_NAME");
    }
    expect(await snapshot(db)).toBe(before);
    expect((await db.query(`SELECT to_regclass('t') AS t`)).rows[0].t).toBe("t");
  });

  it("a missing migrations folder is a clear error", async () => {
    const missing = path.join(os.tmpdir(), "runway-no-such-folder", "migrations");
    const error = await readMigrationsFolder(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationsFolderError);
    expect((error as Error).message).toContain(missing);
  });

  it("a folder without migration.sql or for another provider is refused before anything is written", async () => {
    const db = database();
    const dir = writeMigrationsFolder({ [A]: "CREATE TABLE t (id int);" });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(path.join(dir, "20260102000000_empty"));
    expect(await codeOf(deployMigrations(db.url, await readMigrationsFolder(dir)))).toBe("P3015");
    const mysql = writeMigrationsFolder({ [A]: "CREATE TABLE t (id int);" }, 'provider = "mysql"\n');
    expect(await codeOf(deployMigrations(db.url, await readMigrationsFolder(mysql)))).toBe("P3019");
    expect((await db.query(`SELECT to_regclass('_prisma_migrations') AS t`)).rows[0].t).toBeNull();
  });
});
