// How the rewrite edits text; rewrite-database.test.ts proves the results on PostgreSQL.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RUNBOOK_MIGRATIONS } from "../testing/migrations-fixture";
import { lintMigration } from "./lint";
import { LINT_RULES } from "./lint-rules";
import { parseMigrationScript } from "./parse-script";
import { MISSING_TABLE_GUARD, rewriteRerunnable } from "./rewrite";

const runbook = (name: string) => fs.readFileSync(path.join(RUNBOOK_MIGRATIONS, name, "migration.sql"), "utf8");

describe("rewriteRerunnable", () => {
  it("rewrites the failing runbook migration like the runbook did: column and index checked, table guarded", async () => {
    const result = await rewriteRerunnable(runbook("20260115000006_add_meta_oauth_metadata"));
    expect(result.sql).toBe(`-- AlterTable
ALTER TABLE IF EXISTS "ConnectedAccount" ADD COLUMN IF NOT EXISTS "metadataJson" JSONB;

-- CreateIndex
DO $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM pg_catalog.pg_tables
        WHERE schemaname = current_schema() AND tablename = 'ConnectedAccount'
    ) THEN
        CREATE UNIQUE INDEX IF NOT EXISTS "ConnectedAccount_provider_providerAccountId_key" ON "ConnectedAccount"("provider", "providerAccountId");
    END IF;
END $$;
`);
    expect(result.changes.map((c) => [c.line, c.ruleId])).toEqual([
      [2, "add-column-without-if-not-exists"],
      [2, MISSING_TABLE_GUARD],
      [5, "create-index-without-if-not-exists"],
      [5, MISSING_TABLE_GUARD],
    ]);
    expect(result.changes[0].before).toBe('ALTER TABLE "ConnectedAccount" ADD COLUMN     "metadataJson" JSONB');
    expect(result.unsupported).toEqual([]);
  });

  it("uses IF NOT EXISTS forms where PostgreSQL has them, keeping Prisma's comments and layout", async () => {
    const result = await rewriteRerunnable(runbook("20260115000000_add_message_status_tracking"), {
      guardMissingTables: false,
    });
    expect(result.sql).toBe(`-- CreateEnum
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typname = 'MessageStatus' AND n.nspname = current_schema()
    ) THEN
        CREATE TYPE "MessageStatus" AS ENUM ('PENDING', 'SENT', 'DELIVERED', 'READ', 'FAILED');
    END IF;
END $$;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN IF NOT EXISTS "deliveredAt" TIMESTAMP(3),
ADD COLUMN IF NOT EXISTS "readAt" TIMESTAMP(3),
ADD COLUMN IF NOT EXISTS "status" "MessageStatus" NOT NULL DEFAULT 'PENDING';

-- CreateIndex
CREATE INDEX IF NOT EXISTS "Message_status_idx" ON "Message"("status");
`);
    expect(result.changes.map((c) => [c.line, c.ruleId])).toEqual([
      [2, "create-type-without-guard"],
      [5, "add-column-without-if-not-exists"],
      [6, "add-column-without-if-not-exists"],
      [7, "add-column-without-if-not-exists"],
      [10, "create-index-without-if-not-exists"],
    ]);
  });

  it("guards only the tables it is told about when given a list, even statements that already re-run", async () => {
    const sql =
      'ALTER TABLE "ConnectedAccount" ALTER COLUMN "x" SET DEFAULT 1;\nALTER TABLE "Message" ALTER COLUMN "x" SET DEFAULT 1;\nCREATE INDEX IF NOT EXISTS "i" ON "ConnectedAccount"(x);';
    const result = await rewriteRerunnable(sql, { guardMissingTables: ["ConnectedAccount"] });
    expect(result.sql.split("\n").slice(0, 2)).toEqual([
      'ALTER TABLE IF EXISTS "ConnectedAccount" ALTER COLUMN "x" SET DEFAULT 1;',
      'ALTER TABLE "Message" ALTER COLUMN "x" SET DEFAULT 1;',
    ]);
    expect(result.sql).toContain("tablename = 'ConnectedAccount'");
    expect(result.changes.map((c) => [c.line, c.ruleId])).toEqual([
      [1, MISSING_TABLE_GUARD],
      [3, MISSING_TABLE_GUARD],
    ]);
    // With the default, a statement that already re-runs is left alone.
    expect((await rewriteRerunnable(sql)).sql).toBe(sql);
  });

  it("leaves idempotent statements untouched and is a fixpoint", async () => {
    for (const name of [
      "20260110000000_init",
      "20260115000003_add_unified_inbox",
      "20260115000006_add_meta_oauth_metadata",
    ]) {
      const once = await rewriteRerunnable(runbook(name));
      const twice = await rewriteRerunnable(once.sql);
      expect(twice.sql).toBe(once.sql);
      expect(twice.changes).toEqual([]);
      // What is left for the linter is at most "locking" advice, never a re-run failure.
      const left = await lintMigration(name, once.sql);
      expect(left.filter((f) => LINT_RULES[f.ruleId].family === "rerun")).toEqual([]);
    }
  });

  it("splits an ALTER TABLE whose commands need separate checks, one statement per command", async () => {
    const sql =
      'ALTER TABLE "T" ADD COLUMN "c" int, -- unique per tenant\n  ADD CONSTRAINT "T_c_key" UNIQUE ("c"), ALTER COLUMN "d" SET DEFAULT 1;';
    const result = await rewriteRerunnable(sql, { guardMissingTables: false });
    expect(result.sql).toBe(`ALTER TABLE "T" ADD COLUMN IF NOT EXISTS "c" int;
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_constraint
        WHERE conname = 'T_c_key' AND conrelid = to_regclass(format('%I.%I', current_schema(), 'T'))
    ) THEN
        ALTER TABLE "T" -- unique per tenant
  ADD CONSTRAINT "T_c_key" UNIQUE ("c");
    END IF;
END $$;
ALTER TABLE "T" ALTER COLUMN "d" SET DEFAULT 1;`);
    const parsed = await parseMigrationScript(result.sql);
    expect(parsed.ok && parsed.statements.map((s) => s.kind)).toEqual(["AlterTableStmt", "DoStmt", "AlterTableStmt"]);
  });

  it("keeps Prisma's drop-and-re-add of a primary key in one statement (IF EXISTS on the drop is enough)", async () => {
    const result = await rewriteRerunnable(
      'ALTER TABLE "A" DROP CONSTRAINT "A_pkey",\nADD CONSTRAINT "A_pkey" PRIMARY KEY ("id", "x");',
      { guardMissingTables: false },
    );
    expect(result.sql).toBe(
      'ALTER TABLE "A" DROP CONSTRAINT IF EXISTS "A_pkey",\nADD CONSTRAINT "A_pkey" PRIMARY KEY ("id", "x");',
    );
  });

  it("picks a dollar-quote tag the statement does not contain, and ends a trailing -- comment before the semicolon", async () => {
    const sql =
      'ALTER TABLE "T" ADD CONSTRAINT "T_label_check" CHECK (label <> $$x$$ AND label <> $runway$y$runway$) -- no x\n;';
    const result = await rewriteRerunnable(sql, { guardMissingTables: false });
    expect(result.sql.startsWith("DO $runway1$\n")).toBe(true);
    expect(result.sql).toContain("$runway$y$runway$) -- no x\n        ;\n    END IF;\nEND $runway1$\n;");
    expect((await parseMigrationScript(result.sql)).ok).toBe(true);
  });

  it("keeps CRLF line endings and non-ASCII text", async () => {
    const sql =
      '-- Größe\r\nCREATE TABLE "Café" (id int);\r\nALTER TABLE "Café" ADD CONSTRAINT "Café_pkey" PRIMARY KEY (id);\r\n';
    const result = await rewriteRerunnable(sql);
    expect(result.sql.startsWith('-- Größe\r\nCREATE TABLE IF NOT EXISTS "Café" (id int);\r\nDO $$\r\nBEGIN\r\n')).toBe(
      true,
    );
    expect(result.sql.split("\n").every((line, i, all) => i === all.length - 1 || line.endsWith("\r"))).toBe(true);
    expect(result.sql).toContain("conname = 'Café_pkey'");
  });

  it("reports what it cannot make re-runnable and leaves it as written", async () => {
    const sql = [
      "INSERT INTO \"Role\" VALUES ('admin');",
      "INSERT INTO \"Role\" VALUES ('admin') ON CONFLICT DO NOTHING;",
      "DO $$ BEGIN PERFORM 1; END $$;",
      'UPDATE "User" SET "active" = true WHERE "active" IS NULL;',
      "CREATE CAST (int AS text) WITH INOUT;",
      'CREATE INDEX ON "User"(email);',
      'ALTER TABLE "User" ADD CHECK (id > 0);',
    ].join("\n");
    const result = await rewriteRerunnable(sql, { guardMissingTables: false });
    expect(result.sql).toBe(sql);
    expect(result.unsupported.map((u) => u.line)).toEqual([1, 3, 4, 5, 6, 7]);
    expect(result.unsupported[1].reason).toContain("DO block");
    expect(result.unsupported[3].reason).toContain("CreateCastStmt");
    expect(result.unsupported[4].reason).toContain("name the index");
  });

  it("returns a script that does not parse unchanged, with the parser's line", async () => {
    const sql = 'CREATE TABLE "A" (id int);\nALTER TABLE "A" ADD COLUMN;\n';
    const result = await rewriteRerunnable(sql);
    expect(result.sql).toBe(sql);
    expect(result.changes).toEqual([]);
    expect(result.unsupported).toHaveLength(1);
    expect(result.unsupported[0].line).toBe(2);
  });
});
