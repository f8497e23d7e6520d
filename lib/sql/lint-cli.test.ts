// scripts/lint-migrations.ts as CI runs it: a child process, judged by its exit code and output.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RUNBOOK_MIGRATIONS, writeMigrationsFolder } from "../testing/migrations-fixture";
import { rewriteRerunnable } from "./rewrite";

const ROOT = path.resolve(import.meta.dirname, "../..");

function lintCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/lint-migrations.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("scripts/lint-migrations.ts", () => {
  it("exits 1 on the runbook's migrations and prints file:line, rule, what, why and fix", () => {
    const run = lintCli("fixtures/runbook-app/migrations");
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      'fixtures/runbook-app/migrations/20260110000000_init/migration.sql:2  error  create-table-without-if-not-exists  CREATE TABLE "User" fails on a second run',
    );
    expect(run.stdout).toContain("      why: A failed migration blocks every later deploy (P3009).");
    expect(run.stdout).toContain("      fix: Write CREATE TABLE IF NOT EXISTS.");
    expect(run.stdout).toContain("31 findings in 5 migrations: 27 error, 4 warning, 0 info");
  });

  it("prints JSON with findings and counts, and filters by migration, rule and severity", () => {
    const run = lintCli(
      "fixtures/runbook-app/migrations",
      "--json",
      "--only",
      "20260115000006",
      "--severity",
      "warning",
    );
    expect(run.status).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.migrations).toBe(1);
    expect(result.countsByRule).toEqual({
      "add-column-without-if-not-exists": 1,
      "create-index-without-if-not-exists": 1,
      "create-index-without-concurrently": 1,
    });
    expect(result.findings[0]).toMatchObject({
      migrationName: "20260115000006_add_meta_oauth_metadata",
      line: 2,
      severity: "error",
    });
    const warningsOnly = lintCli(
      "fixtures/runbook-app/migrations",
      "--rule",
      "create-index-without-concurrently",
      "add-foreign-key-without-not-valid",
    );
    expect(warningsOnly.status).toBe(0);
    expect(warningsOnly.stdout).toContain("4 findings in 5 migrations: 0 error, 4 warning, 0 info");
  });

  it("exits 0 on a folder with nothing worse than warnings: the runbook's migrations after the rewrite", async () => {
    const migrations: Record<string, string> = {};
    for (const name of fs.readdirSync(RUNBOOK_MIGRATIONS).filter((n) => n.startsWith("2026")))
      migrations[name] = (
        await rewriteRerunnable(fs.readFileSync(path.join(RUNBOOK_MIGRATIONS, name, "migration.sql"), "utf8"))
      ).sql;
    const run = lintCli(writeMigrationsFolder(migrations));
    expect(run.stdout).toContain("0 error");
    expect(run.status).toBe(0);
    expect(lintCli(writeMigrationsFolder({})).status).toBe(0);
  });

  it("exits 2 on bad usage or a folder it cannot read", () => {
    for (const args of [
      [],
      ["a", "b"],
      ["--bogus", "x"],
      ["x", "--severity", "fatal"],
      ["x", "--rule", "no-such-rule"],
      ["x", "--only"],
    ]) {
      const run = lintCli(...args);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stderr).toContain("usage:");
    }
    expect(lintCli("fixtures/runbook-app/does-not-exist").status).toBe(2);
    expect(lintCli("fixtures/runbook-app/migrations/migration_lock.toml").status).toBe(2);
    const unknown = lintCli("fixtures/runbook-app/migrations", "--only", "20990101");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no migration named "20990101"');
  });
});
