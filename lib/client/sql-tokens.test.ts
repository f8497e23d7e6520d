import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tokenizeSql } from "./sql-tokens";

const kinds = (sql: string) =>
  tokenizeSql(sql)
    .filter((t) => t.kind !== "plain")
    .map((t) => [t.kind, t.text]);

describe("tokenizeSql", () => {
  it("round-trips the input exactly", () => {
    const fixture = path.resolve(import.meta.dirname, "../../fixtures/runbook-app/migrations");
    const sql = readFileSync(path.join(fixture, "20260115000006_add_meta_oauth_metadata/migration.sql"), "utf8");
    expect(
      tokenizeSql(sql)
        .map((t) => t.text)
        .join(""),
    ).toBe(sql);
  });

  it("recognizes keywords, types, identifiers, strings, numbers and comments", () => {
    expect(
      kinds(`ALTER TABLE "User" ADD COLUMN "age" INTEGER DEFAULT 42; -- note\n/* a /* nested */ b */ SELECT 'it''s'`),
    ).toEqual([
      ["keyword", "ALTER"],
      ["keyword", "TABLE"],
      ["identifier", '"User"'],
      ["keyword", "ADD"],
      ["keyword", "COLUMN"],
      ["identifier", '"age"'],
      ["type", "INTEGER"],
      ["keyword", "DEFAULT"],
      ["number", "42"],
      ["comment", "-- note"],
      ["comment", "/* a /* nested */ b */"],
      ["keyword", "SELECT"],
      ["string", "'it''s'"],
    ]);
  });

  it("keeps highlighting code inside dollar quotes and handles E-strings", () => {
    expect(kinds(`DO $$ BEGIN RAISE NOTICE E'a\\'b'; END $$;`)).toEqual([
      ["keyword", "DO"],
      ["dollar", "$$"],
      ["keyword", "BEGIN"],
      ["keyword", "RAISE"],
      ["keyword", "NOTICE"],
      ["string", "E'a\\'b'"],
      ["keyword", "END"],
      ["dollar", "$$"],
    ]);
  });

  it("does not treat digits inside identifiers or parameters as numbers", () => {
    expect(kinds("select col1, $1 from t2")).toEqual([
      ["keyword", "select"],
      ["keyword", "from"],
    ]);
  });

  it("survives unterminated strings and comments", () => {
    for (const sql of ["SELECT 'open", 'SELECT "open', "/* open", "$tag$ body"]) {
      expect(
        tokenizeSql(sql)
          .map((t) => t.text)
          .join(""),
      ).toBe(sql);
    }
  });

  it("keeps markup as text (escaping is React's job, the tokens must not alter it)", () => {
    const sql = "SELECT '<script>alert(1)</script>' -- <b>";
    expect(
      tokenizeSql(sql)
        .map((t) => t.text)
        .join(""),
    ).toBe(sql);
  });
});
