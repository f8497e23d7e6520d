import { describe, expect, it } from "vitest";
import { RUNBOOK_MIGRATIONS, RUNBOOK_MIGRATIONS_FIXED, writeMigrationsFolder } from "../testing/migrations-fixture";
import { useTestDatabase } from "../testing/use-test-database";
import { lintMigration, lintMigrationsFolder, type Finding } from "./lint";
import { ALL_RULE_IDS, LINT_RULES } from "./lint-rules";

const database = useTestDatabase();

/** [line, ruleId, severity] triples: exact and in order. */
async function hits(sql: string): Promise<Array<[number, string, string]>> {
  return (await lintMigration("m", sql)).map((f: Finding) => [f.line, f.ruleId, f.severity]);
}

describe("lintMigration: statements that fail on a second run", () => {
  it("flags each kind with its rule id and line", async () => {
    const sql = [
      'CREATE TABLE "A" (id int);', // 1
      'CREATE INDEX "A_id_idx" ON "A"(id);', // 2
      "CREATE TYPE \"Mood\" AS ENUM ('a');", // 3
      'ALTER TABLE "A" ADD COLUMN "b" int,', // 4
      '  ADD CONSTRAINT "A_b_check" CHECK (b > 0);', // 5
      "ALTER TYPE \"Mood\" ADD VALUE 'b';", // 6
      'CREATE EXTENSION "citext";', // 7
      'CREATE SEQUENCE "A_seq";', // 8
      "CREATE SCHEMA reports;", // 9
      'CREATE VIEW "V" AS SELECT 1;', // 10
      'CREATE MATERIALIZED VIEW "MV" AS SELECT 1;', // 11
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;", // 12
      'CREATE TRIGGER "t" BEFORE UPDATE ON "A" FOR EACH ROW EXECUTE FUNCTION f();', // 13
      'ALTER TABLE "A" RENAME COLUMN "b" TO "c";', // 14
      'DROP SEQUENCE "A_seq";', // 15
    ].join("\n");
    expect(await hits(sql)).toEqual([
      [1, "create-table-without-if-not-exists", "error"],
      [2, "create-index-without-if-not-exists", "error"],
      [3, "create-type-without-guard", "error"],
      [4, "add-column-without-if-not-exists", "error"],
      [5, "add-constraint-without-guard", "error"],
      [6, "add-enum-value-without-if-not-exists", "error"],
      [7, "create-extension-without-if-not-exists", "error"],
      [8, "create-sequence-without-if-not-exists", "error"],
      [9, "create-schema-without-if-not-exists", "error"],
      [10, "create-view-without-or-replace", "error"],
      [11, "create-materialized-view-without-if-not-exists", "error"],
      [12, "create-function-without-or-replace", "error"],
      [13, "create-trigger-without-guard", "error"],
      [14, "rename-without-guard", "error"],
      [15, "drop-without-if-exists", "error"],
    ]);
  });

  it("says nothing about statements that already re-run", async () => {
    const sql = `CREATE TABLE IF NOT EXISTS "A" (id int);
CREATE INDEX IF NOT EXISTS "A_id_idx" ON "A"(id);
ALTER TABLE "A" ADD COLUMN IF NOT EXISTS "b" int, DROP COLUMN IF EXISTS "old", DROP CONSTRAINT IF EXISTS "A_pkey", ADD CONSTRAINT "A_pkey" PRIMARY KEY (id);
ALTER TYPE "Mood" ADD VALUE IF NOT EXISTS 'b';
CREATE EXTENSION IF NOT EXISTS "citext";
CREATE OR REPLACE VIEW "V" AS SELECT 1;
CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
ALTER TABLE IF EXISTS "A" RENAME TO "B";
DROP INDEX IF EXISTS "C_idx";
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'Mood') THEN CREATE TYPE "Mood" AS ENUM ('a'); END IF; END $$;
COMMENT ON TABLE "B" IS 'x';`;
    expect(await hits(sql)).toEqual([]);
  });

  it("explains when the statement cannot be fixed automatically", async () => {
    const [unnamed] = await lintMigration("m", 'CREATE TABLE IF NOT EXISTS "A" (id int);\nCREATE INDEX ON "A"(id);');
    expect(unnamed).toMatchObject({ ruleId: "create-index-without-if-not-exists", line: 2 });
    expect(unnamed.message).toContain("has no name");
  });
});

describe("lintMigration: destructive, locking and transaction rules", () => {
  it("flags destructive statements with exact lines", async () => {
    const sql = `DROP TABLE IF EXISTS "Old";
ALTER TABLE "User" DROP COLUMN IF EXISTS "legacy",
  ALTER COLUMN "age" TYPE bigint;
TRUNCATE "Session";
DELETE FROM "Log";
DELETE FROM "Log" WHERE "at" < now();
UPDATE "User" SET "active" = true;`;
    expect(await hits(sql)).toEqual([
      [1, "drop-table", "warning"],
      [2, "drop-column", "warning"],
      [3, "alter-column-type", "warning"],
      [4, "truncate", "warning"],
      [5, "delete-without-where", "warning"],
      [7, "update-without-where", "warning"],
    ]);
  });

  it("flags locking statements only on tables the script did not create", async () => {
    const sql = `CREATE TABLE IF NOT EXISTS "New" (id int, "userId" int);
CREATE INDEX IF NOT EXISTS "New_id_idx" ON "New"(id);
ALTER TABLE IF EXISTS "New" ALTER COLUMN id SET NOT NULL;
DO $$ BEGIN NULL; END $$;
CREATE INDEX IF NOT EXISTS "User_email_idx" ON "User"(email);
CREATE INDEX CONCURRENTLY IF NOT EXISTS "User_name_idx" ON "User"(name);
ALTER TABLE IF EXISTS "User" ADD COLUMN IF NOT EXISTS "a" int NOT NULL,
  ADD COLUMN IF NOT EXISTS "b" int NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS "c" bigserial NOT NULL,
  ALTER COLUMN "email" SET NOT NULL;
ALTER TABLE IF EXISTS "User" ADD CONSTRAINT "User_org_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"(id);
ALTER TABLE IF EXISTS "User" ADD CONSTRAINT "User_team_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"(id) NOT VALID;
ALTER TABLE IF EXISTS "New" ADD CONSTRAINT "New_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"(id);`;
    const found = (await hits(sql)).filter(
      ([, rule]) => LINT_RULES[rule as keyof typeof LINT_RULES].family !== "rerun",
    );
    expect(found).toEqual([
      [5, "create-index-without-concurrently", "warning"],
      [6, "concurrently-in-migration", "error"],
      [7, "add-column-not-null-without-default", "warning"],
      [10, "set-not-null", "warning"],
      [11, "add-foreign-key-without-not-valid", "warning"],
    ]);
  });

  it("reports transaction control, and CONCURRENTLY as info alone but error with other statements", async () => {
    expect(await hits("BEGIN;\nCREATE TABLE IF NOT EXISTS a (id int);\nCOMMIT;")).toEqual([
      [1, "transaction-control", "warning"],
      [3, "transaction-control", "warning"],
    ]);
    expect(await hits('CREATE INDEX CONCURRENTLY IF NOT EXISTS "i" ON "User"(email);')).toEqual([
      [1, "concurrently-in-migration", "info"],
    ]);
    expect(await hits("VACUUM;")).toEqual([[1, "non-transactional-statement", "info"]]);
    expect(await hits("CREATE TABLE IF NOT EXISTS a (id int);\nVACUUM a;")).toEqual([
      [2, "non-transactional-statement", "error"],
    ]);
  });

  it("is right that CONCURRENTLY fails in a script with other statements and runs alone (real PostgreSQL)", async () => {
    const db = database();
    await db.query("CREATE TABLE t (id int)");
    const mixed = await db.query("SELECT 1; CREATE INDEX CONCURRENTLY i ON t(id);").catch((e: Error) => e);
    expect(String(mixed)).toContain("cannot run inside a transaction block");
    await db.query("CREATE INDEX CONCURRENTLY i ON t(id);");
  });
});

describe("lintMigration: parse errors", () => {
  it("reports one parse-error finding with the parser's line and nothing past it", async () => {
    const findings = await lintMigration(
      "m",
      'CREATE TABLE "A" (id int);\n\nALTER TABLE "A" ADD COLUMN;\nDROP TABLE "A";\n',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: "parse-error",
      severity: "error",
      line: 3,
      migrationName: "m",
      statement: 'ALTER TABLE "A" ADD COLUMN;',
    });
    expect(findings[0].message).toContain("syntax error");
  });

  it("gives every finding its what, why and fix, and keeps long statements short", async () => {
    const long = `CREATE TABLE "Wide" (${Array.from({ length: 60 }, (_, i) => `"c${i}" int`).join(", ")});`;
    const [finding] = await lintMigration("m", long);
    expect(finding.statement.length).toBeLessThanOrEqual(201);
    expect(finding.statement.endsWith("…")).toBe(true);
    for (const rule of ALL_RULE_IDS) {
      expect(rule).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(LINT_RULES[rule].why.length).toBeGreaterThan(20);
      expect(LINT_RULES[rule].fix.length).toBeGreaterThan(10);
    }
  });
});

describe("lintMigrationsFolder", () => {
  it("lints the runbook fixture: every failed-in-production migration has findings", async () => {
    const result = await lintMigrationsFolder(RUNBOOK_MIGRATIONS);
    expect(result.migrations).toBe(5);
    expect(result.countsByRule).toEqual({
      "create-table-without-if-not-exists": 5,
      "create-index-without-if-not-exists": 10,
      "add-constraint-without-guard": 6,
      "create-type-without-guard": 1,
      "add-column-without-if-not-exists": 5,
      "create-index-without-concurrently": 3,
      "add-foreign-key-without-not-valid": 1,
    });
    const init = result.findings.filter(
      (f) => f.migrationName === "20260110000000_init" && f.ruleId === "create-table-without-if-not-exists",
    );
    expect(init.map((f) => f.line)).toEqual([2, 13, 27]);
    const failing = result.findings
      .filter((f) => f.migrationName === "20260115000006_add_meta_oauth_metadata")
      .map((f) => [f.line, f.ruleId]);
    expect(failing).toEqual([
      [2, "add-column-without-if-not-exists"],
      [5, "create-index-without-if-not-exists"],
      [5, "create-index-without-concurrently"],
    ]);
  });

  it("finds nothing re-run-related left in the three migrations the runbook rewrote", async () => {
    const result = await lintMigrationsFolder(RUNBOOK_MIGRATIONS_FIXED, {
      only: [
        "20260115000000_add_message_status_tracking",
        "20260115000003_add_unified_inbox",
        "20260115000006_add_meta_oauth_metadata",
      ],
    });
    expect(result.migrations).toBe(3);
    expect(result.countsByRule).toEqual({ "create-index-without-concurrently": 2 });
  });

  it("filters by rule and severity", async () => {
    const dir = writeMigrationsFolder({ "20260101000000_a": 'CREATE TABLE "A" (id int);\nTRUNCATE "B";\n' });
    expect((await lintMigrationsFolder(dir, { minSeverity: "error" })).findings.map((f) => f.ruleId)).toEqual([
      "create-table-without-if-not-exists",
    ]);
    expect((await lintMigrationsFolder(dir, { rules: ["truncate"] })).countsByRule).toEqual({ truncate: 1 });
  });
});
