// Shipping the fix in the runbook's order, on the demo (real PostgreSQL, Prisma's engine): prod's failed migration is
// unchanged since it failed (a deploy repeats the failure) until a fixed release arrives; the patch that ships the
// fix follows the project's real migrations path and applies with `git apply` in a real repository.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { readFreshState } from "../actions/context";
import { approveAction } from "../actions/decide-action";
import { requestAction } from "../actions/request-action";
import { DEMO_FIRST_RELEASE_MESSAGE } from "../demo/seed-demo";
import { createEnvironment, createProject } from "../environments/registry";
import { deployMigrations, resolveRolledBack } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { readMigrationStatus } from "../migrations/status";
import { OPERATOR, SECOND_OPERATOR } from "../testing/actions-fixture";
import { createDemoFixture, filesOfDir, type DemoFixture } from "../testing/demo-fixture";
import { RUNBOOK_FAILING, RUNBOOK_MIGRATIONS, RUNBOOK_MIGRATIONS_FIXED } from "../testing/migrations-fixture";
import { createOwnState, type OwnState } from "../testing/own-state";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { listReleases } from "./list-releases";
import { pushRelease } from "./push-release";
import { planShipFix, shellQuote } from "./ship-fix";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function demo(): Promise<DemoFixture> {
  const f = await createDemoFixture();
  cleanups.push(() => f.close());
  return f;
}

describe("ship the fix, on the demo", { timeout: 120_000 }, () => {
  it("prod's failed file is unchanged since it failed until a fixed release is pushed; then it has changed", async () => {
    const f = await demo();
    const project = await f.state.prisma.project.findUniqueOrThrow({ where: { id: f.projectId } });
    expect(project).toMatchObject({ sourceKind: "upload", repoMigrationsPath: "packages/prisma/migrations" });
    expect((await listReleases(f.state.prisma, f.projectId)).map((r) => [r.number, r.commit.message])).toEqual([
      [1, DEMO_FIRST_RELEASE_MESSAGE],
    ]);

    // Blocked: the failed attempt ran the very file the source has.
    const blocked = await f.statuses().getEnvironmentStatus(f.env.prod);
    expect(blocked.health).toBe("blocked");
    expect(blocked.migrations.find((m) => m.name === RUNBOOK_FAILING)).toMatchObject({
      state: "failed",
      sinceFailure: "unchanged",
    });
    expect(blocked.migrations.filter((m) => m.sinceFailure !== null).map((m) => m.name)).toEqual([RUNBOOK_FAILING]);

    // Runbook step 1 on protected prod: typed name, a second operator approves.
    const requested = await requestAction(
      f.ctx,
      {
        environmentId: f.env.prod,
        kind: "resolve_rolled_back",
        migration: RUNBOOK_FAILING,
        expectedFingerprint: blocked.fingerprint!,
        confirmation: "prod",
      },
      OPERATOR,
      null,
    );
    expect(requested.status).toBe("awaiting_approval");
    await approveAction(f.ctx, requested.id, SECOND_OPERATOR, null);
    await f.runQueued();

    // Rolled back, file unchanged: deploying now repeats the same failure; the ways to ship the fix are offered.
    const rolledBack = await f.statuses().getEnvironmentStatus(f.env.prod);
    expect(rolledBack.migrations.find((m) => m.name === RUNBOOK_FAILING)).toMatchObject({
      state: "rolled_back",
      willApplyOnDeploy: true,
      sinceFailure: "unchanged",
    });
    const fresh = await readFreshState(f.state, f.env.prod);
    const plan = await planShipFix(f.env.prod, fresh.target.project, fresh.status.migrations, "http://runway.test");
    expect(plan.unchanged).toMatchObject([
      {
        name: RUNBOOK_FAILING,
        state: "rolled_back",
        file: `packages/prisma/migrations/${RUNBOOK_FAILING}/migration.sql`,
        error: expect.stringContaining('relation "ConnectedAccount" does not exist'),
      },
    ]);
    expect(plan.patch.startsWith(`--- a/packages/prisma/migrations/${RUNBOOK_FAILING}/migration.sql\n`)).toBe(true);
    // The CLI comes from this Runway (GET /api/cli): the application's pipeline installs nothing of Runway's.
    expect(plan.pushCommand).toContain(`curl -fsS -H "Authorization: Bearer $RUNWAY_TOKEN" "$RUNWAY_URL/api/cli"`);
    expect(plan.pushCommand).toContain(
      `node "$runway" push --project 'Demo app (runbook P3009)' --dir packages/prisma/migrations --commit`,
    );
    expect(plan.pushCommand).toContain("export RUNWAY_URL=http://runway.test");

    // The fixed release (the runbook's rewrite) pushed from CI: the file has changed since it failed.
    const pushed = await pushRelease(
      f.state,
      {
        project: project.name,
        files: await filesOfDir(RUNBOOK_MIGRATIONS_FIXED),
        commit: { sha: "f1f1f1f1f1f1", message: "idempotent rewrite" },
      },
      OPERATOR,
    );
    expect(pushed.release).toMatchObject({ number: 2, changed: expect.arrayContaining([RUNBOOK_FAILING]) });
    const fixed = await f.statuses().getEnvironmentStatus(f.env.prod);
    expect(fixed.migrations.find((m) => m.name === RUNBOOK_FAILING)).toMatchObject({
      state: "rolled_back",
      sinceFailure: "changed",
    });
    expect(fixed.release).toMatchObject({ latest: { number: 2, label: "f1f1f1f" } });
    const after = await readFreshState(f.state, f.env.prod);
    expect((await planShipFix(f.env.prod, after.target.project, after.status.migrations, null)).unchanged).toEqual([]);
  });
});

/** A throwaway git repository holding `files` (committed); removed after the test. */
function gitRepo(files: Record<string, string>): { dir: string; git: (...args: string[]) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-ship-fix-"));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
      cwd: dir,
      stdio: "pipe",
      encoding: "utf8",
    });
  git("init", "-q");
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  git("add", ".");
  git("commit", "-qm", "the app as it failed in prod");
  return { dir, git };
}

describe(
  "the ship-fix patch in a repository with its migrations under apps/api/prisma/migrations",
  { timeout: 120_000 },
  () => {
    it("applies with git apply at the repository's root, and the patched folder deploys where the original failed", async () => {
      const state: OwnState = await createOwnState();
      const target: TestDatabase = await createTestDatabase(inject("adminUrl"), "rw_ship_fix");
      cleanups.push(() => state.close());
      cleanups.push(() => target.drop());
      const repoPath = "apps/api/prisma/migrations";
      const original = await filesOfDir(RUNBOOK_MIGRATIONS);
      const project = await createProject(
        state,
        { name: "api", source: { kind: "upload", files: original }, repoMigrationsPath: repoPath },
        null,
      );
      const env = await createEnvironment(state, { projectId: project.id, name: "prod", databaseUrl: target.url });
      // The incident: the first migration applied, then a deploy that fails on the runbook's migration.
      const folder = await readMigrationsFolder(RUNBOOK_MIGRATIONS);
      await deployMigrations(target.url, { ...folder, migrations: folder.migrations.slice(0, 1) });
      await expect(deployMigrations(target.url, folder)).rejects.toMatchObject({ code: "P3018" });

      const { target: registered, status } = await readFreshState(state, env.id);
      expect(registered.project.repoMigrationsPath).toBe(repoPath);
      const plan = await planShipFix(env.id, registered.project, status.migrations, null);
      expect(plan.unchanged.map((m) => m.name)).toEqual([RUNBOOK_FAILING]);

      const repo = gitRepo({
        "package.json": '{ "name": "api" }\n',
        ...Object.fromEntries(Object.entries(original).map(([file, text]) => [`${repoPath}/${file}`, text])),
      });
      execFileSync("git", ["apply", "--check"], { cwd: repo.dir, input: plan.patch, stdio: ["pipe", "pipe", "pipe"] });
      execFileSync("git", ["apply"], { cwd: repo.dir, input: plan.patch, stdio: ["pipe", "pipe", "pipe"] });
      expect(repo.git("status", "--porcelain").trim()).toBe(`M ${repoPath}/${RUNBOOK_FAILING}/migration.sql`);
      const patchedDir = path.join(repo.dir, repoPath);
      const patched = fs.readFileSync(path.join(patchedDir, RUNBOOK_FAILING, "migration.sql"), "utf8");
      expect(patched).not.toBe(original[`${RUNBOOK_FAILING}/migration.sql`]);
      expect(patched).toContain('"ConnectedAccount"');

      // The runbook's order: mark it rolled back, ship the patched folder, deploy: it runs where the original failed.
      await resolveRolledBack(target.url, RUNBOOK_FAILING);
      const deployed = await deployMigrations(target.url, await readMigrationsFolder(patchedDir));
      expect(deployed.appliedMigrationNames).toEqual([RUNBOOK_FAILING, "20260120000000_add_message_reactions"]);
      const final = await readMigrationStatus(target.url, await readMigrationsFolder(patchedDir));
      expect(final.verdict.health).toBe("up_to_date");
    });
  },
);

describe("shellQuote", () => {
  it("leaves plain words bare and single-quotes the rest, quotes included", () => {
    expect(shellQuote("apps/api/prisma/migrations")).toBe("apps/api/prisma/migrations");
    expect(shellQuote("Demo app (runbook P3009)")).toBe("'Demo app (runbook P3009)'");
    expect(shellQuote("it's; rm -rf /")).toBe(`'it'\\''s; rm -rf /'`);
    expect(execFileSync("sh", ["-c", `printf %s ${shellQuote("it's; $(x) `y`")}`], { encoding: "utf8" })).toBe(
      "it's; $(x) `y`",
    );
  });
});
