import { describe, expect, it } from "vitest";
import { describeEffects, describeScript, type StatementEffect } from "./effects";
import { parseMigrationScript } from "./parse-script";

async function effectsOf(sql: string): Promise<StatementEffect[]> {
  const parsed = await parseMigrationScript(sql);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.statements.flatMap((s) => describeEffects(s));
}

/** The fields that identify an effect, for compact expectations. */
function brief(e: StatementEffect): string {
  const where = [e.schema, e.table].filter(Boolean).join(".");
  const flags = [e.ifExists ? "if-exists" : "", e.ifNotExists ? "if-not-exists" : ""].filter(Boolean).join(",");
  return `${e.kind} ${e.objectType} ${e.name ?? "-"}${e.newName ? `→${e.newName}` : ""}${where ? ` @${where}` : ""}${flags ? ` [${flags}]` : ""}`;
}

describe("describeEffects", () => {
  it("describes tables, columns and column changes", async () => {
    const effects = await effectsOf(`
      CREATE TABLE IF NOT EXISTS app."User" (id text NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY (id));
      DROP TABLE IF EXISTS "Old", app."Older";
      ALTER TABLE "User" RENAME TO "Person";
      ALTER TABLE "Message" ADD COLUMN IF NOT EXISTS "readAt" timestamp(3), DROP COLUMN "legacy",
        ALTER COLUMN "body" TYPE varchar(500), ALTER COLUMN "body" SET NOT NULL, ALTER COLUMN "x" DROP NOT NULL,
        ALTER COLUMN "status" SET DEFAULT 'PENDING', ALTER COLUMN "status" DROP DEFAULT;
      ALTER TABLE "Message" RENAME COLUMN "body" TO "text";
    `);
    expect(effects.map(brief)).toEqual([
      "create table User @app.User [if-not-exists]",
      "create constraint User_pkey @app.User [if-not-exists]",
      "drop table Old @Old [if-exists]",
      "drop table Older @app.Older [if-exists]",
      "rename table User→Person @User",
      "create column readAt @Message [if-not-exists]",
      "drop column legacy @Message",
      "alter column body @Message",
      "alter column body @Message",
      "alter column x @Message",
      "alter column status @Message",
      "alter column status @Message",
      "rename column body→text @Message",
    ]);
    expect(effects.map((e) => e.detail).slice(5, 12)).toEqual([
      "timestamp(3)",
      undefined,
      "type varchar(500)",
      "set not null",
      "drop not null",
      "set default",
      "drop default",
    ]);
    expect(effects[1].constraintType).toBe("primary_key");
  });

  it("describes indexes and constraints of every kind", async () => {
    const effects = await effectsOf(`
      CREATE UNIQUE INDEX CONCURRENTLY "User_email_key" ON "User"("email");
      CREATE INDEX ON "User"(lower("email"));
      DROP INDEX CONCURRENTLY IF EXISTS "User_email_key";
      ALTER TABLE "Message" ADD CONSTRAINT "Message_pkey" PRIMARY KEY ("id"),
        ADD CONSTRAINT "Message_key" UNIQUE ("a"),
        ADD CONSTRAINT "Message_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES public."User"("id") NOT VALID,
        ADD CONSTRAINT "Message_len_check" CHECK (length("body") < 10),
        DROP CONSTRAINT IF EXISTS "Old_fkey";
    `);
    expect(effects.map(brief)).toEqual([
      "create index User_email_key @User",
      "create index - @User",
      "drop index User_email_key [if-exists]",
      "create constraint Message_pkey @Message",
      "create constraint Message_key @Message",
      "create constraint Message_authorId_fkey @Message",
      "create constraint Message_len_check @Message",
      "drop constraint Old_fkey @Message [if-exists]",
    ]);
    expect(effects[0]).toMatchObject({ unique: true, concurrently: true });
    expect(effects[1]).toMatchObject({ unique: false, concurrently: false, detail: "on ((expression))" });
    expect(effects.slice(3, 7).map((e) => e.constraintType)).toEqual(["primary_key", "unique", "foreign_key", "check"]);
    expect(effects[5]).toMatchObject({ references: { schema: "public", table: "User" }, notValid: true });
  });

  it("describes types, enum values, extensions, functions, triggers, schemas, sequences and views", async () => {
    const effects = await effectsOf(`
      CREATE TYPE "Mood" AS ENUM ('happy', 'sad');
      CREATE TYPE app."Pair" AS (a int, b int);
      ALTER TYPE "Mood" ADD VALUE IF NOT EXISTS 'ok' BEFORE 'sad';
      ALTER TYPE "Mood" RENAME VALUE 'sad' TO 'blue';
      DROP TYPE "Pair";
      CREATE EXTENSION IF NOT EXISTS "pgcrypto";
      DROP EXTENSION "pgcrypto";
      CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE PROCEDURE app.cleanup() LANGUAGE sql AS $$ SELECT 1 $$;
      CREATE TRIGGER "User_touch" BEFORE UPDATE ON "User" FOR EACH ROW EXECUTE FUNCTION touch();
      DROP TRIGGER "User_touch" ON app."User";
      CREATE SCHEMA IF NOT EXISTS reports;
      CREATE SEQUENCE "Counter_seq";
      CREATE VIEW "ActiveUser" AS SELECT 1;
      CREATE MATERIALIZED VIEW "Stats" AS SELECT 1;
      CREATE DOMAIN "Email" AS text;
    `);
    expect(effects.map(brief)).toEqual([
      "create type Mood",
      "create type Pair @app",
      "create enum_value ok @Mood [if-not-exists]",
      "rename enum_value sad→blue @Mood",
      "drop type Pair",
      "create extension pgcrypto [if-not-exists]",
      "drop extension pgcrypto",
      "create function touch",
      "create procedure cleanup @app",
      "create trigger User_touch @User",
      "drop trigger User_touch @app.User",
      "create schema reports [if-not-exists]",
      "create sequence Counter_seq",
      "create view ActiveUser",
      "create materialized_view Stats",
      "create domain Email",
    ]);
    expect(effects[0].detail).toBe("enum ('happy', 'sad')");
    expect(effects[2].detail).toBe("of type Mood before 'sad'");
    expect(effects[7].detail).toBe("or replace");
  });

  it("calls DO blocks opaque, data changes data, and anything else unknown with its node kind", async () => {
    const effects = await effectsOf(`
      DO $$ BEGIN PERFORM 1; END $$;
      INSERT INTO "User" (id) VALUES ('a');
      UPDATE "User" SET name = 'x';
      DELETE FROM "User" WHERE id = 'a';
      TRUNCATE "User", "Message";
      COMMIT;
      CREATE CAST (int AS text) WITH INOUT;
    `);
    expect(effects.map(brief)).toEqual([
      "procedural do_block -",
      "data table User @User",
      "data table User @User",
      "data table User @User",
      "data table User @User",
      "data table Message @Message",
      "unknown statement -",
      "unknown statement -",
    ]);
    expect(effects[0].detail).toContain("opaque");
    expect(effects[2].detail).toBe("update (every row: no WHERE)");
    expect(effects[3].detail).toBe("delete");
    expect(effects[6].detail).toBe("TransactionStmt (COMMIT)");
    expect(effects[7].detail).toBe("CreateCastStmt");
  });
});

describe("describeScript", () => {
  it("returns each statement with its line and effects", async () => {
    const described = await describeScript(
      '-- AlterTable\nALTER TABLE "ConnectedAccount" ADD COLUMN "metadataJson" JSONB;\n\nCREATE UNIQUE INDEX "k" ON "ConnectedAccount"("provider");\n',
    );
    expect(described.ok).toBe(true);
    if (!described.ok) return;
    expect(described.statements.map((s) => [s.line, s.effects.map(brief)])).toEqual([
      [2, ["create column metadataJson @ConnectedAccount"]],
      [4, ["create index k @ConnectedAccount"]],
    ]);
  });

  it("returns the parse error with its line when the script does not parse", async () => {
    const described = await describeScript("CREATE TABLE a (id int);\n\nALTER TABLE a ADD COLUMN;\n");
    expect(described).toMatchObject({ ok: false, statements: [], error: { line: 3 } });
  });
});
