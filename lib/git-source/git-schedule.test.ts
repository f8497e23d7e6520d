// The git fetch schedule for real: pg-boss in Runway's state database, repositories served over smart HTTP, two
// processes sharing the database, and the monitor turning a fetched release into an event.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import PgBoss from "pg-boss";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createEnvironment } from "../environments/registry";
import { createStatusService } from "../environments/status-service";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { startMonitor } from "../monitor/monitor";
import type { RecordedEvent } from "../monitor/record-reading";
import { createTestRepo, migrationFiles, type TestRepo } from "../testing/git-repo";
import { startGitHttpServer } from "../testing/git-http-server";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { createOwnState, type OwnState } from "../testing/own-state";
import { createTestDatabase } from "../testing/test-database";
import { waitFor } from "../testing/wait-for";
import type { GitSourceContext } from "./context";
import type { GitFetchOutcome } from "./fetch-git-source";
import { createGitProject } from "./git-settings";
import { requestGitFetch, startGitSchedule } from "./git-schedule";

const A = { "20260101000000_a": 'CREATE TABLE "a" (id int);\n' };
const B = { "20260102000000_b": 'CREATE TABLE "b" (id int);\n' };

let cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function setup(
  intervalSeconds: number,
): Promise<{ state: OwnState; ctx: GitSourceContext; repo: TestRepo; url: string }> {
  const state = await createOwnState();
  cleanups.push(() => state.close());
  const gitCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-git-cache-"));
  cleanups.push(() => fs.rmSync(gitCacheDir, { recursive: true, force: true }));
  const repo = await createTestRepo();
  await repo.commit(migrationFiles(A), "add a");
  await repo.push();
  const server = await startGitHttpServer(repo.root);
  cleanups.push(() => server.close());
  return {
    state,
    ctx: { ...state, gitCacheDir, gitIntervalSeconds: intervalSeconds },
    repo,
    url: server.url(repo.name),
  };
}

async function startBoss(url: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, schema: "pgboss", max: 3 });
  boss.on("error", () => {});
  await boss.start();
  cleanups.push(() => boss.stop({ graceful: false, wait: true }));
  return boss;
}

function spawnScheduleProcess(state: OwnState, cacheDir: string, lines: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("lib/testing/git-schedule-process.ts")], {
    env: {
      ...process.env,
      RUNWAY_STATE_URL: state.database.url,
      RUNWAY_SECRET_KEY: state.secretKey.toString("base64"),
      GIT_CACHE_DIR: cacheDir,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanups.push(
    () =>
      new Promise((resolve) =>
        child.exitCode !== null ? resolve(null) : (child.once("exit", resolve), child.kill("SIGTERM")),
      ),
  );
  let buffered = "";
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`schedule process exited (${code})`)));
    child.stdout!.on("data", (chunk) => {
      buffered += String(chunk);
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      for (const line of parts) {
        if (line === "ready") resolve(child);
        else lines.push(line);
      }
    });
  });
}

describe("the git fetch schedule", { timeout: 120_000 }, () => {
  it("picks a new commit up within one interval, as a release recorded by the schedule", async () => {
    const { state, ctx, repo, url } = await setup(1);
    const { project } = await createGitProject(ctx, {
      name: "api",
      source: { kind: "git", repository: url, ref: "main" },
    });
    const boss = await startBoss(state.database.url);
    const fetched: GitFetchOutcome[] = [];
    const schedule = await startGitSchedule({
      ctx,
      boss,
      tickMs: 200,
      onFetched: (o) => void fetched.push(o),
      log: () => {},
    });
    cleanups.push(() => schedule.stop());
    await waitFor("a scheduled fetch", () => fetched.length >= 1);

    const b = await repo.commit(migrationFiles(B), "add b");
    await repo.push();
    const pushedAt = Date.now();
    await waitFor("the fetch that released the new commit", () =>
      fetched.find((o) => o.releases.some((r) => r.commitSha === b)),
    );
    const release = await state.prisma.release.findFirstOrThrow({ where: { projectId: project.id, commitSha: b } });
    expect(release).toMatchObject({ origin: "git", number: 2, createdByLabel: "git schedule" });
    // Within one interval (1 s) of the push: the wait for the next slot, plus the fetch that found it — and, when a
    // fetch was running at the push (it may have listed the refs just before), that one too; plus the queue's poll.
    const slowest = Math.max(...fetched.map((o) => o.durationMs));
    expect(release.createdAt.getTime() - pushedAt).toBeLessThan(1000 + 2 * slowest + 1500);
  });

  it("fetches each source once per interval across two processes sharing the database", async () => {
    const { state, ctx, url } = await setup(1);
    const { project } = await createGitProject(ctx, {
      name: "api",
      source: { kind: "git", repository: url, ref: "main" },
    });
    const lines: string[] = [];
    await Promise.all([
      spawnScheduleProcess(state, ctx.gitCacheDir!, lines),
      spawnScheduleProcess(state, ctx.gitCacheDir!, lines),
    ]);
    await waitFor("five intervals of fetches", () => lines.filter((l) => l.startsWith("fetched ")).length >= 5, 30_000);
    const slots = lines.filter((l) => l.startsWith(`claim ${project.id} `)).map((l) => BigInt(l.split(" ")[2]));
    // No slot claimed twice, none skipped between the first and the last.
    expect(new Set(slots).size).toBe(slots.length);
    const sorted = [...slots].sort((a, b) => (a < b ? -1 : 1));
    expect(Number(sorted.at(-1)! - sorted[0]) + 1).toBe(slots.length);
    // Every claimed slot is one fetch (in whichever process the queue gave it to); none ran without a claim.
    await waitFor("the last claim's fetch", () => lines.filter((l) => l.startsWith("fetched ")).length >= slots.length);
    expect(lines.filter((l) => l.startsWith("fetched ")).length).toBeLessThanOrEqual(
      lines.filter((l) => l.startsWith("claim ")).length,
    );
  });

  it("coalesces a burst of requests: at most one fetch waiting and one running per source", async () => {
    const { state, ctx, url } = await setup(3600);
    const { project } = await createGitProject(ctx, {
      name: "api",
      source: { kind: "git", repository: url, ref: "main" },
    });
    const boss = await startBoss(state.database.url);
    const queued = await Promise.all(Array.from({ length: 20 }, () => requestGitFetch(boss, project.id, "webhook")));
    expect(queued.filter(Boolean)).toHaveLength(1);
    const fetched: GitFetchOutcome[] = [];
    const schedule = await startGitSchedule({
      ctx,
      boss,
      tickMs: 200,
      onFetched: (o) => void fetched.push(o),
      log: () => {},
    });
    cleanups.push(() => schedule.stop());
    // The hour's first slot is claimed at once: with the burst's one waiting job, at most two fetches.
    await waitFor("the queued fetch", () => fetched.length >= 1);
    const jobs = await state.prisma.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*)::bigint AS n FROM pgboss.job WHERE name = 'runway-git-fetch'`;
    expect(Number(jobs[0].n)).toBeLessThanOrEqual(2);
  });

  it("a fetched release is read by the monitor at once: a source_changed event for each environment", async () => {
    const { state, ctx, repo, url } = await setup(1);
    const { project } = await createGitProject(ctx, {
      name: "api",
      source: { kind: "git", repository: url, ref: "main" },
    });
    const target = await createTestDatabase(inject("adminUrl"), "rw_git_target");
    cleanups.push(() => target.drop());
    await deployMigrations(target.url, await readMigrationsFolder(writeMigrationsFolder(A)));
    const env = await createEnvironment(state, { projectId: project.id, name: "prod", databaseUrl: target.url });
    const boss = await startBoss(state.database.url);
    const status = createStatusService(state, { ttlMs: 60_000 });
    const events: RecordedEvent[] = [];
    // A long monitor interval: only the fetch's own "read now" can see the release soon.
    const monitor = await startMonitor({
      prisma: state.prisma,
      boss,
      readStatus: (id) => status.refreshStatus(id),
      defaultIntervalSeconds: 3600,
      tickMs: 200,
      onEvents: (e) => void events.push(...e),
      log: () => {},
    });
    cleanups.push(() => monitor.stop());
    const schedule = await startGitSchedule({
      ctx,
      boss,
      tickMs: 200,
      onFetched: async (outcome) => {
        if (outcome.releases.length === 0) return;
        for (const e of await state.prisma.environment.findMany({ where: { projectId: outcome.projectId } }))
          await monitor.readNow(e.id);
      },
      log: () => {},
    });
    cleanups.push(() => schedule.stop());
    await waitFor(
      "the first reading",
      async () =>
        (await state.prisma.monitorState.findUnique({ where: { environmentId: env.id } }))?.health === "up_to_date",
    );

    await repo.commit(migrationFiles(B), "add b");
    await repo.push();
    const event = await waitFor("source changed", () => events.find((e) => e.kind === "source_changed"));
    expect(event).toMatchObject({ environmentId: env.id, details: { migrations: Object.keys(B) } });
  });
});
