import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RUNBOOK_MIGRATIONS } from "../testing/migrations-fixture";
import { rewriteRerunnable, toPatch, toUnifiedDiff } from "./rewrite";

/** A throwaway git repository holding `files`; returns its path. */
function gitRepo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-patch-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
  git("init", "-q");
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "add", ".");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init");
  return dir;
}

/** Checks, then applies, the patch with git (from stdin); returns the patched file and removes the repository. */
function gitApply(dir: string, patch: string, file: string): string {
  try {
    execFileSync("git", ["apply", "--check"], { cwd: dir, input: patch, stdio: ["pipe", "pipe", "pipe"] });
    execFileSync("git", ["apply"], { cwd: dir, input: patch, stdio: ["pipe", "pipe", "pipe"] });
    return fs.readFileSync(path.join(dir, file), "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("toUnifiedDiff", () => {
  it("writes hunks with 3 lines of context and a/ b/ headers", () => {
    const before = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"].join("\n") + "\n";
    const after = ["1", "2", "3", "4", "five", "6", "7", "8", "9", "10", "11", "12", "13"].join("\n") + "\n";
    expect(toUnifiedDiff(before, after, "x.sql")).toBe(
      [
        "--- a/x.sql",
        "+++ b/x.sql",
        "@@ -2,7 +2,7 @@",
        " 2",
        " 3",
        " 4",
        "-5",
        "+five",
        " 6",
        " 7",
        " 8",
        "@@ -10,3 +10,4 @@",
        " 10",
        " 11",
        " 12",
        "+13",
        "",
      ].join("\n"),
    );
    expect(toUnifiedDiff(before, before, "x.sql")).toBe("");
  });

  it("marks a missing final newline and handles empty files, as git apply expects", () => {
    const cases: Array<[string, string]> = [
      ["a\nb", "a\nb\n"],
      ["a\nb\n", "a\nc"],
      ["", "new\n"],
      ["gone\n", ""],
      ["x\r\ny\r\n", "x\r\nz\r\n"],
    ];
    for (const [before, after] of cases) {
      const dir = gitRepo({ "f.sql": before });
      expect(gitApply(dir, toUnifiedDiff(before, after, "f.sql"), "f.sql")).toBe(after);
    }
  });
});

describe("toPatch", () => {
  it("gives a patch for prisma/migrations/<name>/migration.sql that git apply accepts", async () => {
    for (const name of fs.readdirSync(RUNBOOK_MIGRATIONS).filter((n) => n.startsWith("2026"))) {
      const file = `prisma/migrations/${name}/migration.sql`;
      const original = fs.readFileSync(path.join(RUNBOOK_MIGRATIONS, name, "migration.sql"), "utf8");
      const { sql } = await rewriteRerunnable(original);
      const patch = toPatch(name, original, sql);
      expect(patch.startsWith(`--- a/${file}\n+++ b/${file}\n@@ `)).toBe(true);
      const dir = gitRepo({ [file]: original });
      expect(gitApply(dir, patch, file)).toBe(sql);
    }
  });

  it("follows the project's migrations path in the repository (a monorepo's apps/api/prisma/migrations)", async () => {
    const name = fs.readdirSync(RUNBOOK_MIGRATIONS).filter((n) => n.startsWith("2026"))[3];
    const file = `apps/api/prisma/migrations/${name}/migration.sql`;
    const original = fs.readFileSync(path.join(RUNBOOK_MIGRATIONS, name, "migration.sql"), "utf8");
    const { sql } = await rewriteRerunnable(original);
    const patch = toPatch(name, original, sql, "apps/api/prisma/migrations/");
    expect(patch.startsWith(`--- a/${file}\n+++ b/${file}\n@@ `)).toBe(true);
    expect(gitApply(gitRepo({ [file]: original }), patch, file)).toBe(sql);
  });

  it("refuses a migration name that could escape the migrations folder", () => {
    expect(() => toPatch("../../etc", "a", "b")).toThrow();
  });
});
