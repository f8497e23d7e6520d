import { describe, expect, it } from "vitest";
import { parseMigrationScript } from "./parse-script";
import { findTransactionHazards } from "./transaction-hazards";

describe("parseMigrationScript", () => {
  it("splits statements with their lines, keeping DO blocks and strings with semicolons whole", async () => {
    const parsed = await parseMigrationScript(
      `-- comment\nCREATE TABLE "A" (id int);\n\nDO $$ BEGIN RAISE NOTICE 'a;b'; END $$;\nINSERT INTO "A" VALUES (1); -- é\nSELECT 'ü';`,
    );
    expect(parsed.ok).toBe(true);
    expect(parsed.statements.map((s) => [s.kind, s.line])).toEqual([
      ["CreateStmt", 2],
      ["DoStmt", 4],
      ["InsertStmt", 5],
      ["SelectStmt", 6],
    ]);
    expect(parsed.statements[1].text).toBe("DO $$ BEGIN RAISE NOTICE 'a;b'; END $$");
    expect(parsed.statements[3].text).toBe("SELECT 'ü'");
  });

  it("reports a parse error with its line instead of guessing", async () => {
    const parsed = await parseMigrationScript("CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN;\n");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.line).toBe(2);
  });
});

describe("findTransactionHazards", () => {
  it("flags explicit transaction control, CONCURRENTLY and statements that cannot run in a transaction", async () => {
    const parsed = await parseMigrationScript(
      "CREATE TABLE t (id int);\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t(id);\nDROP INDEX CONCURRENTLY i;\nVACUUM t;\nCREATE INDEX j ON t(id);",
    );
    expect(findTransactionHazards(parsed.statements).map((h) => [h.code, h.line])).toEqual([
      ["transaction_control", 2],
      ["concurrently", 3],
      ["concurrently", 4],
      ["non_transactional", 5],
    ]);
  });
});
