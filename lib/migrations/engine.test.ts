// The in-process engine sends each migration whole, like Prisma's native engine.
import { describe, expect, it } from "vitest";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { useTestDatabase } from "../testing/use-test-database";
import { deployMigrations, getEngineVersion } from "./engine";
import { MigrateError } from "./errors";
import { readMigrationsFolder } from "./folder";

const database = useTestDatabase();

describe("deployMigrations", () => {
  it("leaves none of a migration's effects behind when its third statement fails", async () => {
    const db = database();
    const folder = await readMigrationsFolder(
      writeMigrationsFolder({
        "20260101000000_three_statements": [
          'CREATE TABLE "First" (id int PRIMARY KEY);',
          'CREATE TABLE "Second" (id int PRIMARY KEY);',
          'ALTER TABLE "Missing" ADD COLUMN x int;',
        ].join("\n"),
      }),
    );
    const error = await deployMigrations(db.url, folder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrateError);
    expect((error as MigrateError).code).toBe("P3018");
    const tables = await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.rows.map((r) => r.tablename)).toEqual(["_prisma_migrations"]);
    const row = await db.query(`SELECT logs, finished_at FROM _prisma_migrations`);
    expect(row.rows[0].finished_at).toBeNull();
    expect(row.rows[0].logs).toContain('relation "Missing" does not exist');
  });

  it("applies DO blocks and function bodies containing semicolons", async () => {
    const db = database();
    const folder = await readMigrationsFolder(
      writeMigrationsFolder({
        "20260101000000_plpgsql": `CREATE TABLE "Counter" (id int PRIMARY KEY, label text);
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'Counter' AND schemaname = current_schema()) THEN
    RAISE EXCEPTION 'table missing; should exist';
  END IF;
  INSERT INTO "Counter" VALUES (1, 'a;b');
END $$;
CREATE FUNCTION add_one(x int) RETURNS int LANGUAGE plpgsql AS $fn$
DECLARE y int;
BEGIN
  y := x + 1;
  RETURN y;
END;
$fn$;
`,
      }),
    );
    const result = await deployMigrations(db.url, folder);
    expect(result.appliedMigrationNames).toEqual(["20260101000000_plpgsql"]);
    expect((await db.query(`SELECT add_one(41) AS v`)).rows[0].v).toBe(42);
    expect((await db.query(`SELECT label FROM "Counter"`)).rows[0].label).toBe("a;b");
  });

  it("names the failing line of the script in the stored error", async () => {
    const db = database();
    const folder = await readMigrationsFolder(
      writeMigrationsFolder({
        "20260101000000_typo": 'CREATE TABLE "A" (id int);\nALTER TABLE "A" ADD COLUMN b inttt;\n',
      }),
    );
    await deployMigrations(db.url, folder).catch(() => {});
    const { rows } = await db.query(`SELECT logs FROM _prisma_migrations`);
    expect(rows[0].logs).toContain('type "inttt" does not exist');
    expect(rows[0].logs).toContain("Database error code: 42704");
    expect(rows[0].logs).toContain("line 2");
    expect(rows[0].logs).toContain('ALTER TABLE "A" ADD COLUMN b inttt;');
  });

  it("reports the engine version it runs", async () => {
    expect(await getEngineVersion()).toMatch(/^[0-9a-f]{40}$/);
  });
});
