// Failure analysis and deploy checks on real failed states in real PostgreSQL.
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { RUNBOOK_FAILING, RUNBOOK_MIGRATIONS, writeMigrationsFolder } from "../testing/migrations-fixture";
import { useTestDatabase } from "../testing/use-test-database";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { readMigrationHistory } from "../migrations/history";
import { analyzeFailure } from "./analyze-failure";
import { checkDeployTarget } from "./check-deploy-target";
import { loadCatalogSnapshot, probeEffect } from "./probe-catalog";

const database = useTestDatabase();

/** Deploys `sql` as migration M on the test database (it fails) and returns what analyzeFailure needs. */
async function failWith(sql: string, before: Record<string, string> = {}) {
  const db = database();
  const name = "20260201000000_m";
  const folder = await readMigrationsFolder(writeMigrationsFolder({ ...before, [name]: sql }));
  await deployMigrations(db.url, folder).catch(() => {});
  const row = (await readMigrationHistory(db.url)).rows.find((r) => r.migrationName === name)!;
  expect(row.finishedAt).toBeNull();
  return { db, migration: { name, sql, logs: row.logs } };
}

describe("analyzeFailure", () => {
  it("the runbook: a missing table, nothing applied, mark rolled back", async () => {
    const db = database();
    const folder = await readMigrationsFolder(RUNBOOK_MIGRATIONS);
    await deployMigrations(db.url, folder).catch(() => {});
    const row = (await readMigrationHistory(db.url)).rows.find((r) => r.migrationName === RUNBOOK_FAILING)!;
    const sql = folder.migrations.find((m) => m.name === RUNBOOK_FAILING)!.sql;
    const analysis = await analyzeFailure(db.url, { name: RUNBOOK_FAILING, sql, logs: row.logs });
    expect(analysis.error).toMatchObject({ code: "42P01", message: 'relation "ConnectedAccount" does not exist' });
    expect(analysis.error.explanation).toMatch(/does not exist/);
    expect(analysis.transactional).toBe(true);
    expect(analysis.failedStatement?.text).toMatch(/^ALTER TABLE "ConnectedAccount"/);
    expect(analysis.statements.every((s) => s.presence === "absent")).toBe(true);
    expect(analysis.recommendation.choice).toBe("rolled_back");
  });

  it("a missing extension: named, explained, rolled back", async () => {
    const { db, migration } = await failWith(
      'CREATE TABLE "Geo" (id int);\nCREATE EXTENSION "runway_no_such_extension";\n',
    );
    const analysis = await analyzeFailure(db.url, migration);
    expect(analysis.error.code).toMatch(/^(0A000|58P01)$/);
    expect(analysis.error.explanation).toMatch(/extension/);
    expect(analysis.failedStatement?.line).toBe(2);
    expect(analysis.statements.map((s) => s.presence)).toEqual(["absent", "absent"]);
    expect(analysis.recommendation.choice).toBe("rolled_back");
  });

  it("a duplicate object made by hand: the collision is named in the recommendation", async () => {
    const db = database();
    await db.query(`CREATE TABLE "Existing" (id int)`);
    // Prisma refuses a non-empty schema without history (P3005): baseline first, as a real team would.
    const base = writeMigrationsFolder({ "20260101000000_base": "SELECT 1;" });
    await db.query(`DROP TABLE "Existing"`);
    await deployMigrations(db.url, await readMigrationsFolder(base));
    await db.query(`CREATE TABLE "Existing" (id int)`);
    const { migration } = await failWith('CREATE TABLE "Fresh" (id int);\nCREATE TABLE "Existing" (id int);\n', {
      "20260101000000_base": "SELECT 1;",
    });
    const analysis = await analyzeFailure(db.url, migration);
    expect(analysis.error.code).toBe("42P07");
    expect(analysis.failedStatement?.line).toBe(2);
    expect(analysis.statements.map((s) => s.presence)).toEqual(["absent", "present"]);
    expect(analysis.recommendation).toMatchObject({ choice: "rolled_back" });
    expect(analysis.recommendation.reason).toMatch(/already existed/);
  });

  it("an explicit COMMIT before the failure: partially applied, with what remains", async () => {
    const { db, migration } = await failWith(
      'CREATE TABLE "Kept" (id int);\nCOMMIT;\nCREATE TABLE "Lost" (id int);\nALTER TABLE "Nope" ADD COLUMN x int;\n',
    );
    const analysis = await analyzeFailure(db.url, migration);
    expect(analysis.transactional).toBe(false);
    expect((await db.query(`SELECT to_regclass('"Kept"') AS k, to_regclass('"Lost"') AS l`)).rows[0]).toEqual({
      k: '"Kept"',
      l: null,
    });
    expect(analysis.statements.find((s) => s.text.includes('"Kept"'))?.presence).toBe("present");
    expect(analysis.statements.find((s) => s.text.includes('"Lost"'))?.presence).toBe("absent");
    expect(analysis.failedStatement?.text).toMatch(/"Nope"/);
    expect(analysis.recommendation.choice).toBe("partial");
    if (analysis.recommendation.choice === "partial") expect(analysis.recommendation.remaining).toEqual([0]);
  });

  it("reads only the catalog rows of the objects the migration names, and answers as a read of every catalog does", async () => {
    // 200 tables (with keys and indexes) the failing migration never names, made by a first migration.
    const others = Array.from(
      { length: 200 },
      (_, i) =>
        `CREATE TABLE "other_${i}" (id int PRIMARY KEY, note text);\nCREATE INDEX "other_${i}_note_idx" ON "other_${i}" (note);`,
    ).join("\n");
    const sql =
      'CREATE TABLE "Kept" (id int);\nCOMMIT;\nCREATE INDEX "Kept_id_idx" ON "Kept" (id);\nALTER TABLE "other_7" ADD COLUMN "x" int;\nALTER TABLE "Nope" ADD COLUMN "y" int;\n';
    const { db, migration } = await failWith(sql, { "20260101000000_others": others });

    const query = vi.spyOn(pg.Client.prototype, "query");
    const analysis = await analyzeFailure(db.url, migration);
    const answers = (await Promise.all(query.mock.results.map((r) => r.value))) as Array<{
      command?: string;
      rows?: Array<Record<string, string | null>>;
    }>;
    query.mockRestore();
    const catalogReads = answers.filter((a) => a?.command === "SELECT");
    expect(catalogReads).toHaveLength(1);
    const rows = catalogReads[0].rows!;
    const named = new Set(["Kept", "Kept_id_idx", "other_7", "Nope", "public"]);
    // Relation-level rows name only what the migration names (a, b: schema and relation), never other_0…other_199.
    for (const row of rows.filter((r) => r.set !== "currentSchema"))
      expect(named, JSON.stringify(row)).toContain(row.b ?? row.a);
    expect(rows.length).toBeLessThan(15);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const everything = await loadCatalogSnapshot(client);
    await client.end();
    expect(everything.relations.size).toBeGreaterThan(200);
    for (const statement of analysis.statements)
      for (const effect of statement.effects) expect(effect.presence).toBe(probeEffect(everything, effect));
    expect(analysis.statements.map((s) => s.presence)).toEqual(["present", "unknown", "absent", "absent", "absent"]);
    expect(analysis.recommendation.choice).toBe("partial");
  });

  it("a script the parser rejects is reported, never guessed", async () => {
    const { db, migration } = await failWith("CREATE TABLE (id int);\n");
    const analysis = await analyzeFailure(db.url, migration);
    expect(analysis.parseError?.line).toBe(1);
    expect(analysis.statements).toEqual([]);
  });
});

describe("checkDeployTarget", () => {
  it("flags a missing extension, a missing table and an existing object before anything runs", async () => {
    const db = database();
    await db.query(`CREATE TABLE "Already" (id int)`);
    const findings = await checkDeployTarget(db.url, [
      { name: "m1", sql: 'CREATE EXTENSION "runway_no_such_extension";\nCREATE TABLE "Already" (id int);' },
      {
        name: "m2",
        sql: 'CREATE TABLE "New" (id int);\nALTER TABLE "New" ADD COLUMN b int;\nALTER TABLE "ConnectedAccount" ADD COLUMN "metadataJson" JSONB;',
      },
    ]);
    expect(findings.map((f) => [f.code, f.migrationName, f.line])).toEqual([
      ["missing_extension", "m1", 1],
      ["object_exists", "m1", 2],
      ["missing_object", "m2", 3],
    ]);
    expect(await readMigrationHistory(db.url).then((h) => h.hasMigrationsTable)).toBe(false);
  });
});
