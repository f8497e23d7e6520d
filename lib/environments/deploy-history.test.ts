// The history as deploys, on `_prisma_migrations` rows written by Prisma's engine: a real public history deployed
// in two runs, a failure resolved rolled back and applied again, one resolved applied; Runway's own actions; the
// keyset pages and the summary.
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { requestAction } from "../actions/request-action";
import { runAction } from "../actions/run-action";
import { deployMigrations, resolveApplied, resolveRolledBack } from "../migrations/engine";
import { MigrateError } from "../migrations/errors";
import { readMigrationsFolder } from "../migrations/folder";
import { readMigrationStatus } from "../migrations/status";
import type { MigrationsFolder } from "../migrations/types";
import { createActionsFixture, OPERATOR, type ActionsFixture } from "../testing/actions-fixture";
import { CORPORA_DIR } from "../testing/corpora";
import { copyMigrationsFolder, writeMigrationsFolder } from "../testing/migrations-fixture";
import { waitForNextDeployWindow } from "../testing/scale-history";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { decodeHistoryCursor, listDeploys, pageHistory, summarizeHistory } from "./deploy-history";
import { readRunwayRuns } from "./runway-runs";
import { toMigrationView } from "./status-view";
import type { DeployView, MigrationView } from "./views";

/** The migrations as the status route shows them, classified from the rows Prisma's engine wrote. */
async function readViews(url: string, folder: MigrationsFolder): Promise<MigrationView[]> {
  return (await readMigrationStatus(url, folder)).migrations.map(toMigrationView);
}

async function expectFailure(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrateError);
  expect((error as MigrateError).code).toBe("P3018");
}

const shape = (d: DeployView) => ({
  kind: d.kind,
  outcome: d.outcome,
  attempts: d.attemptCount,
  first: d.attempts[0].migrationName,
  last: d.attempts.at(-1)!.migrationName,
  failed: d.failedMigration,
  resolved: d.resolvedAt !== null,
  via: d.runway ? d.runway.requestedBy : "outside",
});

describe("the langfuse history, deployed in two runs, then a failure rolled back and one marked applied", () => {
  const LANGFUSE = path.join(CORPORA_DIR, "langfuse", "migrations");
  const COLLIDES = "20990101000000_add_audit_archive";
  const BY_HAND = "20990102000000_backfill_by_hand";
  let target: TestDatabase;
  let folder: MigrationsFolder;
  let deploys: DeployView[];
  let langfuseCount: number;

  beforeAll(async () => {
    target = await createTestDatabase(inject("adminUrl"), "rw_history");
    const dir = copyMigrationsFolder(LANGFUSE);
    fs.mkdirSync(path.join(dir, COLLIDES));
    fs.writeFileSync(path.join(dir, COLLIDES, "migration.sql"), 'CREATE TABLE "audit_archive" ("id" TEXT NOT NULL);\n');
    fs.mkdirSync(path.join(dir, BY_HAND));
    fs.writeFileSync(path.join(dir, BY_HAND, "migration.sql"), 'ALTER TABLE "no_such_table" ADD COLUMN "x" INT;\n');
    folder = await readMigrationsFolder(dir);
    langfuseCount = folder.migrations.length - 2;
    const upTo = (count: number): MigrationsFolder => ({ ...folder, migrations: folder.migrations.slice(0, count) });

    // Two `migrate deploy` runs of the real history: 300 migrations, then the other 134.
    await deployMigrations(target.url, upTo(300));
    await waitForNextDeployWindow(target.url);
    await deployMigrations(target.url, upTo(langfuseCount));
    // A table made by hand collides with the next migration: it fails, is resolved rolled back, applied again.
    await waitForNextDeployWindow(target.url);
    await target.query('CREATE TABLE "audit_archive" ("handMade" int)');
    await expectFailure(deployMigrations(target.url, upTo(langfuseCount + 1)));
    await resolveRolledBack(target.url, COLLIDES);
    await target.query('DROP TABLE "audit_archive"');
    await waitForNextDeployWindow(target.url);
    await deployMigrations(target.url, upTo(langfuseCount + 1));
    // The last one fails and is completed by hand: `migrate resolve --applied`.
    await waitForNextDeployWindow(target.url);
    await expectFailure(deployMigrations(target.url, folder));
    await waitForNextDeployWindow(target.url);
    await resolveApplied(target.url, folder, BY_HAND);

    deploys = listDeploys(await readViews(target.url, folder));
  }, 300_000);

  afterAll(async () => {
    await target?.drop();
  });

  it("one deploy per run, newest first, each with its migrations in the order they ran", () => {
    const first = folder.migrations[0].name;
    expect(deploys.map(shape)).toEqual([
      {
        kind: "resolve_applied",
        outcome: "marked_applied",
        attempts: 1,
        first: BY_HAND,
        last: BY_HAND,
        failed: null,
        resolved: false,
        via: "outside",
      },
      {
        kind: "deploy",
        outcome: "failed",
        attempts: 1,
        first: BY_HAND,
        last: BY_HAND,
        failed: BY_HAND,
        resolved: true,
        via: "outside",
      },
      {
        kind: "deploy",
        outcome: "applied",
        attempts: 1,
        first: COLLIDES,
        last: COLLIDES,
        failed: null,
        resolved: false,
        via: "outside",
      },
      {
        kind: "deploy",
        outcome: "failed",
        attempts: 1,
        first: COLLIDES,
        last: COLLIDES,
        failed: COLLIDES,
        resolved: true,
        via: "outside",
      },
      {
        kind: "deploy",
        outcome: "applied",
        attempts: langfuseCount - 300,
        first: folder.migrations[300].name,
        last: folder.migrations[langfuseCount - 1].name,
        failed: null,
        resolved: false,
        via: "outside",
      },
      {
        kind: "deploy",
        outcome: "applied",
        attempts: 300,
        first,
        last: folder.migrations[299].name,
        failed: null,
        resolved: false,
        via: "outside",
      },
    ]);
    const attempts = deploys.flatMap((d) => d.attempts.map((a) => a.id));
    expect(new Set(attempts).size).toBe(langfuseCount + 4);
  });

  it("durations measure what ran: never the time until someone resolved it, nothing for what did not run", () => {
    const [markedApplied, failedByHand, , rolledBack, second, initial] = deploys;
    for (const applied of [second, initial]) {
      expect(applied.durationSource).toBe("prisma");
      expect(applied.durationMs).toBe(Date.parse(applied.attempts.at(-1)!.finishedAt!) - Date.parse(applied.startedAt));
      expect(applied.attempts.every((a) => a.durationMs !== null && a.durationMs >= 0)).toBe(true);
    }
    // Rolled back later: its rolled_back_at is when someone resolved it, not when the script stopped.
    expect(rolledBack.attempts[0]).toMatchObject({ state: "rolled_back", durationMs: null, durationSource: null });
    expect(rolledBack.attempts[0].rolledBackAt).not.toBeNull();
    expect(rolledBack).toMatchObject({ durationMs: null, finishedAt: null });
    expect(rolledBack.attempts[0].logs).toMatch(/already exists/);
    // Failed outside Runway: no end anywhere, so no duration. `resolve --applied` marked it rolled back (as Prisma
    // does) and wrote the applied row after it.
    expect(failedByHand.attempts[0]).toMatchObject({ state: "rolled_back", isCurrent: false, durationMs: null });
    expect(markedApplied.attempts[0]).toMatchObject({ state: "applied_manually", isCurrent: true, durationMs: null });
    expect(markedApplied.durationMs).toBeNull();
  });

  it("pages concatenate to the whole history; the summary is the same on every page and with the filter", () => {
    const summary = summarizeHistory(deploys);
    expect(summary).toEqual({ deploys: 6, attempts: langfuseCount + 4, failedDeploys: 2 });
    const seen: string[] = [];
    let before: { startedAt: string; id: string } | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page = pageHistory(deploys, { before, limit: 4 });
      seen.push(...page.deploys.map((d) => d.id));
      if (!page.nextBefore) break;
      before = decodeHistoryCursor(page.nextBefore);
      expect(before).not.toBeNull();
    }
    expect(seen).toEqual(deploys.map((d) => d.id));
    const failures = pageHistory(deploys, { failuresOnly: true, limit: 1 });
    expect(failures.deploys.map((d) => d.failedMigration)).toEqual([BY_HAND]);
    const next = pageHistory(deploys, {
      failuresOnly: true,
      limit: 1,
      before: decodeHistoryCursor(failures.nextBefore!),
    });
    expect(next.deploys.map((d) => d.failedMigration)).toEqual([COLLIDES]);
    expect(next.nextBefore).toBeNull();
    expect(decodeHistoryCursor("not-a-cursor")).toBeNull();
    expect(decodeHistoryCursor(Buffer.from('["yesterday","x"]').toString("base64url"))).toBeNull();
  });
});

describe("deploys Runway ran", () => {
  let fixture: ActionsFixture | null = null;
  afterEach(async () => {
    await fixture?.close();
    fixture = null;
  });

  it("are one deploy each, with who asked; a failed one is timed from Runway's log; resolve --applied is its own", async () => {
    const dir = writeMigrationsFolder({
      "20260101000000_a": 'CREATE TABLE "a" (id int);\n',
      "20260102000000_b": 'CREATE TABLE "b" (id int);\n',
      // Fails on the data, which no static check of the target sees: the deploy is not refused, it fails.
      "20260103000000_c": 'CREATE TABLE "c" (id int);\nSELECT 1 / 0;\n',
    });
    const f = (fixture = await createActionsFixture({ migrationsDir: dir, prepare: async () => {} }));
    const run = async (kind: "deploy" | "resolve_applied", migration?: string) => {
      const { id } = await requestAction(
        f.ctx,
        { environmentId: f.environmentId, kind, migration, expectedFingerprint: await f.fingerprint() },
        OPERATOR,
        null,
      );
      for (const queued of f.ctx.queued.splice(0)) await runAction(f.ctx, queued, "test-worker");
      return f.state.prisma.action.findUniqueOrThrow({ where: { id } });
    };
    const deploy = await run("deploy");
    expect(deploy.status).toBe("failed");
    await waitForNextDeployWindow(f.target.url);
    const resolve = await run("resolve_applied", "20260103000000_c");
    expect(resolve.status).toBe("succeeded");

    const runs = await readRunwayRuns(f.state.prisma, f.environmentId);
    expect(runs.map((r) => [r.kind, [...r.migrations.keys()]])).toEqual([
      ["deploy", ["20260101000000_a", "20260102000000_b", "20260103000000_c"]],
      ["resolve_applied", ["20260103000000_c"]],
    ]);
    const deploys = listDeploys(await readViews(f.target.url, await readMigrationsFolder(dir)), runs);
    expect(deploys.map(shape)).toEqual([
      {
        kind: "resolve_applied",
        outcome: "marked_applied",
        attempts: 1,
        first: "20260103000000_c",
        last: "20260103000000_c",
        failed: null,
        resolved: false,
        via: "op@test",
      },
      {
        kind: "deploy",
        outcome: "failed",
        attempts: 3,
        first: "20260101000000_a",
        last: "20260103000000_c",
        failed: "20260103000000_c",
        resolved: true,
        via: "op@test",
      },
    ]);
    expect(deploys[1].runway?.actionId).toBe(deploy.id);
    expect(deploys[0].runway?.actionId).toBe(resolve.id);
    // Prisma has no end for the failed attempt; Runway's log does: from "Applying `c`" to the failure it logged.
    const failed = deploys[1].attempts[2];
    expect(failed).toMatchObject({ state: "rolled_back", durationSource: "runway_log" });
    expect(failed.durationMs).toBeGreaterThanOrEqual(0);
    expect(failed.durationMs).toBeLessThan(deploy.finishedAt!.getTime() - deploy.startedAt!.getTime() + 1);
    expect(deploys[1]).toMatchObject({ durationSource: "runway_log", finishedAt: null });
    expect(deploys[1].durationMs).toBeGreaterThanOrEqual(failed.durationMs!);
  });
});
