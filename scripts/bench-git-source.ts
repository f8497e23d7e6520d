// Benchmark of git sources (issue 10, item 2) on the 434-migration langfuse history committed into a test
// repository (in a temp folder; the corpus is read in place), served by git's own smart-HTTP backend behind basic
// auth on this machine, and read in place as a local path:
//   1. creating the project: access tested, a depth-1 clone, the 434 files read and released;
//   2. a fetch that finds nothing new (the schedule's usual case: one ref listing);
//   3. a fetch that finds one new commit adding a migration (refs, the pack, the walk, 435 files read, a release);
//   4. a fetch that finds ten such commits (ten releases);
//   5. the same nothing-new and one-commit fetches from a local path (no server: Runway's own cost).
// The test server starts `git http-backend` for every request, as CGI does: its own time per ref listing is
// printed first, for comparison.
// A benchmark, not a test: it prints figures (medians and p95 of BENCH_ROUNDS, default 10) with targets, exits 0.
//
//   npm run bench:git                                        (embedded PostgreSQL 18 in a temp dir)
//   RUNWAY_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:git
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { GitSourceContext } from "../lib/git-source/context";
import { fetchGitSource } from "../lib/git-source/fetch-git-source";
import { createGitProject } from "../lib/git-source/git-settings";
import { withDatabaseName } from "../lib/migrations/database-url";
import { applyOwnMigrations } from "../lib/server/bootstrap";
import { createPrisma } from "../lib/server/db";
import { CORPORA_DIR } from "../lib/testing/corpora";
import { startEmbeddedPostgres } from "../lib/testing/embedded-postgres";
import { createTestRepo, type TestRepo } from "../lib/testing/git-repo";
import { startGitHttpServer } from "../lib/testing/git-http-server";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const TOKEN = "bench-token-0123456789";
const log = (line: string) => console.log(`· ${line}`);
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)];
const p95 = (values: number[]) => sorted(values)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];
const ms = (n: number) => (n < 10 ? `${n.toFixed(2)} ms` : `${Math.round(n)} ms`);

function report(what: string, values: number[], targetMs: number) {
  const verdict = median(values) <= targetMs ? "PASS" : "MISS";
  console.log(
    `${what}: median ${ms(median(values))}, p95 ${ms(p95(values))} (${values.length} runs) — target median ≤ ${ms(targetMs)}: ${verdict}`,
  );
}

async function admin(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The langfuse history as one commit of prisma/migrations in a fresh repository. */
async function langfuseRepo(): Promise<TestRepo> {
  const repo = await createTestRepo();
  fs.cpSync(path.join(CORPORA_DIR, "langfuse/migrations"), path.join(repo.dir, "prisma/migrations"), {
    recursive: true,
  });
  await repo.commit({ "README.md": "# langfuse migrations (benchmark copy)\n" }, "langfuse history");
  await repo.push();
  return repo;
}

let added = 0;
/** A commit adding one migration (a name after every langfuse one). */
async function addMigration(repo: TestRepo): Promise<string> {
  added++;
  const name = `29990101${String(added).padStart(6, "0")}_bench_${added}`;
  return repo.commit(
    { [`prisma/migrations/${name}/migration.sql`]: `CREATE TABLE "bench_${added}" (id int);\n` },
    `add ${name}`,
  );
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function main() {
  let serverUrl = process.env.RUNWAY_BENCH_DATABASE_URL ?? "";
  let stopServer = async () => {};
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-pg-"));
    const server = await startEmbeddedPostgres({ dataDir, persistent: false });
    serverUrl = server.adminUrl;
    stopServer = async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const database = `rw_bench_git_${crypto.randomBytes(3).toString("hex")}`;
  await admin(serverUrl, `CREATE DATABASE "${database}"`);
  const stateUrl = withDatabaseName(serverUrl, database);
  const gitCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-bench-git-"));
  const prisma = createPrisma(stateUrl, { poolSize: 4 });
  const http = await langfuseRepo();
  const local = await langfuseRepo();
  const server = await startGitHttpServer(http.root, { username: "ci", password: TOKEN });
  try {
    await applyOwnMigrations(stateUrl);
    const ctx: GitSourceContext = { prisma, secretKey: crypto.randomBytes(32), gitCacheDir };
    const trigger = { label: "bench" };
    log(`langfuse: 434 migrations committed to a test repository; git http-backend on 127.0.0.1; ${ROUNDS} rounds`);

    // 1. Creation.
    let projectId = "";
    const createMs = await timed(async () => {
      projectId = (
        await createGitProject(ctx, {
          name: "langfuse",
          source: {
            kind: "git",
            repository: server.url(http.name),
            ref: "main",
            credentials: { kind: "https", username: "ci", token: TOKEN },
          },
        })
      ).project.id;
    });
    console.log(
      `create (test access, depth-1 clone, 434 files read, first release): ${ms(createMs)} — target ≤ 15000 ms: ${createMs <= 15_000 ? "PASS" : "MISS"}`,
    );

    // The test server's own cost (git http-backend started per request): one ref listing, outside Runway.
    const floor: number[] = [];
    const authorization = `Basic ${Buffer.from(`ci:${TOKEN}`).toString("base64")}`;
    for (let i = 0; i < ROUNDS; i++)
      floor.push(
        await timed(async () => {
          const response = await fetch(`${server.url(http.name)}/info/refs?service=git-upload-pack`, {
            headers: { authorization },
          });
          await response.arrayBuffer();
        }),
      );
    console.log(`(the test server alone, one ref listing: median ${ms(median(floor))}, p95 ${ms(p95(floor))})`);

    // 2. Nothing new.
    const idle: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const result = await fetchGitSource(ctx, projectId, trigger);
      if (result.outcome !== "up_to_date") throw new Error(`expected up_to_date, got ${result.outcome}`);
      idle.push(result.durationMs);
    }
    // One ref listing, then a few rows: mostly the server's time (compare the local path below, which has none).
    report("https fetch, nothing new", idle, 500);

    // 3. One new commit per fetch.
    const one: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      await addMigration(http);
      await http.push();
      const result = await fetchGitSource(ctx, projectId, trigger);
      if (result.releases.length !== 1) throw new Error(`expected one release, got ${JSON.stringify(result)}`);
      one.push(result.durationMs);
    }
    report("https fetch, one new commit (435+ files, one release)", one, 2000);

    // 4. Ten commits between two fetches.
    const ten: number[] = [];
    for (let i = 0; i < Math.max(2, Math.floor(ROUNDS / 3)); i++) {
      for (let c = 0; c < 10; c++) await addMigration(http);
      await http.push();
      const result = await fetchGitSource(ctx, projectId, trigger);
      if (result.releases.length !== 10) throw new Error(`expected ten releases, got ${result.releases.length}`);
      ten.push(result.durationMs);
    }
    report("https fetch, ten new commits (ten releases)", ten, 10_000);

    // 5. A local path.
    const localId = (
      await createGitProject(ctx, {
        name: "langfuse-local",
        source: { kind: "git", repository: local.dir, ref: "main" },
      })
    ).project.id;
    const localIdle: number[] = [];
    const localOne: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      localIdle.push((await fetchGitSource(ctx, localId, trigger)).durationMs);
      await addMigration(local);
      const result = await fetchGitSource(ctx, localId, trigger);
      if (result.releases.length !== 1) throw new Error(`expected one local release, got ${JSON.stringify(result)}`);
      localOne.push(result.durationMs);
    }
    report("local path, nothing new", localIdle, 100);
    report("local path, one new commit", localOne, 1000);
    const releases = await prisma.release.count({ where: { projectId } });
    log(`${releases} releases recorded for the https source; cache ${Math.round(dirBytes(gitCacheDir) / 1024)} KiB`);
  } finally {
    await server.close();
    await prisma.$disconnect();
    await admin(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    fs.rmSync(gitCacheDir, { recursive: true, force: true });
    await stopServer();
  }
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  return total;
}

await main();
