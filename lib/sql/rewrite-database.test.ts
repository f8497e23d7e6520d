// The rewrite on a real PostgreSQL: every re-run rule is real (the original fails on a second run) and fixed (the
// rewrite runs twice, and did the work: the original fails after it), and the runbook's migrations re-run.
// Scripts go through the simple query protocol in one call, as Prisma sends them (one implicit transaction).
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { CONNECTED_ACCOUNT_SQL, RUNBOOK_MIGRATIONS } from "../testing/migrations-fixture";
import { useTestDatabase } from "../testing/use-test-database";
import { lintMigration } from "./lint";
import { RERUN_RULE_IDS, type RerunRuleId } from "./rerun-checks";
import { rewriteRerunnable } from "./rewrite";

const database = useTestDatabase();

const runbook = (name: string) => fs.readFileSync(path.join(RUNBOOK_MIGRATIONS, name, "migration.sql"), "utf8");

/** Runs a script in a session whose search_path is `schema`, like Prisma's `?schema=`. */
async function runIn(url: string, schema: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function errorOf(run: Promise<unknown>): Promise<string> {
  return run.then(
    () => "(no error)",
    (e: Error) => e.message,
  );
}

interface RerunCase {
  rule: RerunRuleId;
  setup?: string;
  sql: string;
  /** Part of the error the original raises on its second run. */
  error: string;
  /** Objects that are not per schema (extensions, schemas): both phases share one schema, reset in between. */
  reset?: string;
}

const ACCOUNT = 'CREATE TABLE "Account" (id int CONSTRAINT "Account_pkey" PRIMARY KEY, email text, "userId" int);';
const MOOD = "CREATE TYPE \"Mood\" AS ENUM ('happy', 'sad');";

const CASES: RerunCase[] = [
  {
    rule: "create-table-without-if-not-exists",
    sql: 'CREATE TABLE "Account" (id int PRIMARY KEY);',
    error: "already exists",
  },
  {
    rule: "create-table-without-if-not-exists",
    sql: 'CREATE TABLE "Snapshot" AS SELECT 1 AS one;',
    error: "already exists",
  },
  {
    rule: "create-index-without-if-not-exists",
    setup: ACCOUNT,
    sql: 'CREATE UNIQUE INDEX "Account_email_key" ON "Account"(email);',
    error: "already exists",
  },
  { rule: "create-type-without-guard", sql: MOOD, error: "already exists" },
  { rule: "create-type-without-guard", sql: 'CREATE TYPE "Pair" AS (a int, b int);', error: "already exists" },
  {
    rule: "create-type-without-guard",
    sql: "CREATE DOMAIN \"Email\" AS text CHECK (VALUE LIKE '%@%');",
    error: "already exists",
  },
  {
    rule: "add-column-without-if-not-exists",
    setup: ACCOUNT,
    sql: 'ALTER TABLE "Account" ADD COLUMN "note" text;',
    error: "already exists",
  },
  {
    rule: "add-constraint-without-guard",
    setup: `CREATE TABLE "User" (id int PRIMARY KEY); ${ACCOUNT}`,
    sql: 'ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"(id) ON DELETE CASCADE;',
    error: "already exists",
  },
  // The statement holds `$$`, so the DO block needs another tag.
  {
    rule: "add-constraint-without-guard",
    setup: ACCOUNT,
    sql: 'ALTER TABLE "Account" ADD CONSTRAINT "Account_email_check" CHECK (email <> $$$$);',
    error: "already exists",
  },
  // One command needs a catalog check and one does not: the rewrite splits the statement.
  {
    rule: "add-constraint-without-guard",
    setup: ACCOUNT,
    sql: 'ALTER TABLE "Account" ADD COLUMN "code" text,\n  ADD CONSTRAINT "Account_code_key" UNIQUE ("code");',
    error: "already exists",
  },
  {
    rule: "add-enum-value-without-if-not-exists",
    setup: MOOD,
    sql: "ALTER TYPE \"Mood\" ADD VALUE 'meh' BEFORE 'sad';",
    error: "already exists",
  },
  {
    rule: "create-extension-without-if-not-exists",
    sql: 'CREATE EXTENSION "%EXT%";',
    error: "already exists",
    reset: 'DROP EXTENSION "%EXT%";',
  },
  {
    rule: "create-sequence-without-if-not-exists",
    sql: 'CREATE SEQUENCE "Invoice_number_seq" START 1000;',
    error: "already exists",
  },
  {
    rule: "create-schema-without-if-not-exists",
    sql: 'CREATE SCHEMA "reports";',
    error: "already exists",
    reset: 'DROP SCHEMA "reports" CASCADE;',
  },
  {
    rule: "create-view-without-or-replace",
    setup: ACCOUNT,
    sql: 'CREATE VIEW "AccountEmail" AS SELECT id, email FROM "Account";',
    error: "already exists",
  },
  {
    rule: "create-materialized-view-without-if-not-exists",
    setup: ACCOUNT,
    sql: 'CREATE MATERIALIZED VIEW "AccountCount" AS SELECT count(*) AS n FROM "Account";',
    error: "already exists",
  },
  {
    rule: "create-function-without-or-replace",
    sql: 'CREATE FUNCTION "add_one"(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + 1 $$;',
    error: "already exists",
  },
  {
    rule: "create-trigger-without-guard",
    setup: `${ACCOUNT} CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;`,
    sql: 'CREATE TRIGGER "Account_touch" BEFORE UPDATE ON "Account" FOR EACH ROW EXECUTE FUNCTION touch();',
    error: "already exists",
  },
  {
    rule: "rename-without-guard",
    setup: ACCOUNT,
    sql: 'ALTER TABLE "Account" RENAME COLUMN "email" TO "emailAddress";',
    error: "does not exist",
  },
  {
    rule: "rename-without-guard",
    setup: ACCOUNT,
    sql: 'ALTER TABLE "Account" RENAME TO "Customer";',
    error: "does not exist",
  },
  {
    rule: "rename-without-guard",
    setup: ACCOUNT,
    sql: 'ALTER TABLE "Account" RENAME CONSTRAINT "Account_pkey" TO "Account_id_pkey";',
    error: "does not exist",
  },
  {
    rule: "rename-without-guard",
    setup: MOOD,
    sql: "ALTER TYPE \"Mood\" RENAME VALUE 'sad' TO 'blue';",
    error: "is not an existing enum label",
  },
  { rule: "rename-without-guard", setup: MOOD, sql: 'ALTER TYPE "Mood" RENAME TO "Feeling";', error: "does not exist" },
  { rule: "drop-without-if-exists", setup: ACCOUNT, sql: 'DROP TABLE "Account";', error: "does not exist" },
  {
    rule: "drop-without-if-exists",
    setup: ACCOUNT,
    sql: 'ALTER TABLE "Account" DROP COLUMN "email", DROP CONSTRAINT "Account_pkey";',
    error: "does not exist",
  },
  {
    rule: "drop-without-if-exists",
    setup: `${ACCOUNT} CREATE INDEX "Account_email_idx" ON "Account"(email);`,
    sql: 'DROP INDEX "Account_email_idx";',
    error: "does not exist",
  },
  { rule: "drop-without-if-exists", setup: MOOD, sql: 'DROP TYPE "Mood";', error: "does not exist" },
];

describe("each re-run rule on PostgreSQL", () => {
  it("has at least one case per rule of the family", () => {
    expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(RERUN_RULE_IDS));
  });

  it.each(CASES.map((c) => [c.rule, c.sql.split("\n")[0], c] as const))("%s: %s", async (rule, _title, c) => {
    const db = database();
    const available = await db.query<{ name: string }>(
      "SELECT name FROM pg_available_extensions WHERE name = ANY($1) AND installed_version IS NULL ORDER BY name",
      [["citext", "hstore", "pg_trgm", "btree_gin"]],
    );
    const fill = (text: string | undefined) => (text ?? "").split("%EXT%").join(available.rows[0]?.name ?? "citext");
    const sql = fill(c.sql);

    // The linter flags it, and the rewrite fixes it under the same rule id.
    expect((await lintMigration("m", sql)).map((f) => f.ruleId)).toContain(rule);
    const rewritten = await rewriteRerunnable(sql, { guardMissingTables: false });
    expect(rewritten.changes.map((change) => change.ruleId)).toContain(rule);
    expect(rewritten.unsupported).toEqual([]);

    // The original runs once, then fails: the rule is real.
    await db.query('CREATE SCHEMA "first"; CREATE SCHEMA "second";');
    await runIn(db.url, "first", fill(c.setup));
    await runIn(db.url, "first", sql);
    expect(await errorOf(runIn(db.url, "first", sql))).toContain(c.error);

    // The rewrite runs twice from a fresh start, and did the work: the original now fails.
    const schema = c.reset ? "first" : "second";
    if (c.reset) await runIn(db.url, schema, fill(c.reset));
    else await runIn(db.url, schema, fill(c.setup));
    await runIn(db.url, schema, rewritten.sql);
    await runIn(db.url, schema, rewritten.sql);
    expect(await errorOf(runIn(db.url, schema, sql))).toContain(c.error);
  });
});

describe("the runbook's migrations, rewritten", () => {
  const REWRITTEN = [
    "20260115000000_add_message_status_tracking",
    "20260115000003_add_unified_inbox",
    "20260115000006_add_meta_oauth_metadata",
  ];

  async function columnsOf(db: ReturnType<typeof database>, table: string): Promise<string[]> {
    const { rows } = await db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY column_name",
      [table],
    );
    return rows.map((r) => r.column_name);
  }

  it.each([
    ["with", true],
    ["without", false],
  ])('apply twice after init, %s "ConnectedAccount"', async (_label, withConnectedAccount) => {
    const db = database();
    await db.query(runbook("20260110000000_init"));
    if (withConnectedAccount) await db.query(fs.readFileSync(CONNECTED_ACCOUNT_SQL, "utf8"));
    else
      expect(await errorOf(db.query(runbook("20260115000006_add_meta_oauth_metadata")))).toContain(
        'relation "ConnectedAccount" does not exist',
      );

    for (const name of REWRITTEN) {
      const { sql } = await rewriteRerunnable(runbook(name));
      await db.query(sql);
      await db.query(sql);
    }

    expect(await columnsOf(db, "Message")).toEqual(
      expect.arrayContaining(["deliveredAt", "readAt", "status", "conversationId"]),
    );
    expect(await columnsOf(db, "InboxView")).toContain("filters");
    const constraints = await db.query(
      "SELECT conname FROM pg_constraint WHERE conname IN ('Message_conversationId_fkey', 'InboxView_userId_fkey') ORDER BY 1",
    );
    expect(constraints.rows.map((r) => r.conname)).toEqual(["InboxView_userId_fkey", "Message_conversationId_fkey"]);
    const index = await db.query(
      "SELECT to_regclass('\"ConnectedAccount_provider_providerAccountId_key\"') IS NOT NULL AS present",
    );
    if (withConnectedAccount) {
      expect(await columnsOf(db, "ConnectedAccount")).toContain("metadataJson");
      expect(index.rows[0].present).toBe(true);
    } else {
      expect((await db.query("SELECT to_regclass('\"ConnectedAccount\"') AS t")).rows[0].t).toBeNull();
      expect(index.rows[0].present).toBe(false);
    }
    // The originals are not re-runnable: they fail on this database.
    expect(await errorOf(db.query(runbook("20260115000000_add_message_status_tracking")))).toContain("already exists");
  });

  it("finishes a half-done hand repair: the column exists, the index does not", async () => {
    const db = database();
    await db.query(runbook("20260110000000_init"));
    await db.query(fs.readFileSync(CONNECTED_ACCOUNT_SQL, "utf8"));
    await db.query('ALTER TABLE "ConnectedAccount" ADD COLUMN "metadataJson" JSONB');
    const { sql } = await rewriteRerunnable(runbook("20260115000006_add_meta_oauth_metadata"));
    await db.query(sql);
    expect(
      (
        await db.query(
          "SELECT to_regclass('\"ConnectedAccount_provider_providerAccountId_key\"') IS NOT NULL AS present",
        )
      ).rows[0].present,
    ).toBe(true);
  });

  it("checks the schema Prisma's ?schema= selects, not public", async () => {
    const db = database();
    // public holds a hand-made ConnectedAccount; the app schema does not.
    await db.query(fs.readFileSync(CONNECTED_ACCOUNT_SQL, "utf8"));
    await db.query('CREATE SCHEMA "app"');
    const names = fs
      .readdirSync(RUNBOOK_MIGRATIONS)
      .filter((n) => n.startsWith("2026"))
      .sort();
    for (let run = 0; run < 2; run++)
      for (const name of names) await runIn(db.url, "app", (await rewriteRerunnable(runbook(name))).sql);
    const tables = await db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'app' ORDER BY 1");
    expect(tables.rows.map((r) => r.tablename)).toEqual([
      "Conversation",
      "InboxView",
      "Message",
      "MessageReaction",
      "User",
    ]);
    expect(await columnsOf(db, "ConnectedAccount")).not.toContain("metadataJson");
    const type = await db.query(
      "SELECT n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = 'MessageStatus'",
    );
    expect(type.rows.map((r) => r.nspname)).toEqual(["app"]);
  });
});

describe("statements on a table the script drops later", () => {
  it("get ALTER TABLE IF EXISTS, so a re-run after the drop does not fail on the vanished table", async () => {
    const db = database();
    const sql = 'ALTER TABLE "Doomed" DROP CONSTRAINT IF EXISTS "Doomed_ref_fkey";\nDROP TABLE "Doomed";\n';
    await db.query('CREATE TABLE "Doomed" (id int, ref int);');
    // The original re-runs badly: the second time its first statement finds the table gone.
    await runIn(db.url, "public", sql);
    expect(await errorOf(runIn(db.url, "public", sql))).toContain('relation "Doomed" does not exist');
    const rewritten = await rewriteRerunnable(sql);
    expect(rewritten.sql).toContain('ALTER TABLE IF EXISTS "Doomed" DROP CONSTRAINT IF EXISTS');
    await db.query('CREATE TABLE "Doomed" (id int, ref int);');
    await runIn(db.url, "public", rewritten.sql);
    await runIn(db.url, "public", rewritten.sql);
    expect((await db.query(`SELECT to_regclass('"Doomed"') AS t`)).rows[0].t).toBeNull();
  });
});
