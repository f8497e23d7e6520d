// Git sources against real repositories made by the test (the git binary), served by git's own smart-HTTP
// backend behind basic auth, read in place from a local path, and fetched over ssh by the system's git; releases
// recorded in a real PostgreSQL.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listProjects } from "../environments/registry";
import { readTargetPolicy } from "../migrations/target-policy";
import { listReleases } from "../releases/list-releases";
import { pushRelease } from "../releases/push-release";
import { OPERATOR } from "../testing/actions-fixture";
import { startBlackhole } from "../testing/blackhole";
import { installFakeSsh } from "../testing/fake-ssh";
import { commitUnsafeEntry, createTestRepo, DEV, migrationFiles, type TestRepo } from "../testing/git-repo";
import { startGitHttpServer, type GitHttpServer } from "../testing/git-http-server";
import { createOwnState } from "../testing/own-state";
import type { GitSourceContext } from "./context";
import { fetchGitSource, recordGitRelease } from "./fetch-git-source";
import { createGitProject, updateGitSource } from "./git-settings";

const TOKEN = "glpat-runway-test-token-0123456789";
const A = { "20260101000000_a": 'CREATE TABLE "a" (id int);\n' };
const B = { "20260102000000_b": 'CREATE TABLE "b" (id int);\n' };
const C = { "20260103000000_c": 'CREATE TABLE "c" (id int);\n' };
const ALICE = { name: "Alice Author", email: "alice@example.com" };
const BOB = { name: "Bob Builder", email: "bob@example.com" };
const trigger = { label: "test" };

let cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function context(extra: Partial<GitSourceContext> = {}): Promise<GitSourceContext> {
  const state = await createOwnState();
  cleanups.push(() => state.close());
  const gitCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-git-cache-"));
  cleanups.push(() => fs.rmSync(gitCacheDir, { recursive: true, force: true }));
  return { ...state, gitCacheDir, ...extra };
}

async function serve(repo: TestRepo, password: string | undefined = TOKEN): Promise<GitHttpServer> {
  const server = await startGitHttpServer(repo.root, { username: "ci", password });
  cleanups.push(() => server.close());
  return server;
}

async function repoWith(migrations: Record<string, string>): Promise<TestRepo> {
  const repo = await createTestRepo();
  await repo.commit(migrationFiles(migrations), "add a", ALICE);
  await repo.push();
  return repo;
}

const https = { kind: "https" as const, username: "ci", token: TOKEN };

async function releasesOf(ctx: GitSourceContext, projectId: string) {
  return (await listReleases(ctx.prisma, projectId)).reverse();
}

describe("a git source over smart HTTP with basic auth", { timeout: 120_000 }, () => {
  it("releases each commit that changes the migrations, oldest first, with its SHA, branch, author and message", async () => {
    const ctx = await context();
    const repo = await repoWith(A);
    const first = await repo.git("rev-parse", "HEAD");
    const server = await serve(repo);
    const { project, webhookSecret } = await createGitProject(ctx, {
      name: "api",
      source: { kind: "git", repository: server.url(repo.name), ref: "main", credentials: https },
    });
    expect(project).toMatchObject({
      sourceKind: "git",
      repoMigrationsPath: "prisma/migrations",
      git: { refName: "main", ref: "refs/heads/main", refKind: "branch", authMethod: "https", headSha: first },
    });
    expect(webhookSecret).toMatch(/^rwgit_/);
    expect(await releasesOf(ctx, project.id)).toMatchObject([
      {
        number: 1,
        origin: "git",
        commit: { sha: first, branch: "main", author: "Alice Author <alice@example.com>", message: "add a" },
        added: Object.keys(A),
      },
    ]);

    // A commit that leaves the migrations alone: examined, no release.
    const readme = await repo.commit({ "README.md": "# api\n" }, "docs only", BOB);
    await repo.push();
    const quiet = await fetchGitSource(ctx, project.id, trigger);
    expect(quiet).toMatchObject({ outcome: "fetched", releases: [], error: null });
    expect(await ctx.prisma.gitSource.findUniqueOrThrow({ where: { projectId: project.id } })).toMatchObject({
      headSha: readme,
      lastFetchError: null,
    });

    // Two commits between fetches: two releases, in order.
    const b = await repo.commit(migrationFiles(B), "add b\n\nwith a body", BOB);
    const c = await repo.commit(migrationFiles(C), "add c", ALICE);
    await repo.push();
    const fetched = await fetchGitSource(ctx, project.id, trigger);
    expect(fetched.releases.map((r) => [r.number, r.commitSha])).toEqual([
      [2, b],
      [3, c],
    ]);
    const releases = await releasesOf(ctx, project.id);
    expect(releases.map((r) => [r.number, r.commit, r.added])).toEqual([
      [1, { sha: first, branch: "main", author: "Alice Author <alice@example.com>", message: "add a" }, Object.keys(A)],
      [
        2,
        { sha: b, branch: "main", author: "Bob Builder <bob@example.com>", message: "add b\n\nwith a body" },
        Object.keys(B),
      ],
      [3, { sha: c, branch: "main", author: "Alice Author <alice@example.com>", message: "add c" }, Object.keys(C)],
    ]);
    expect(releases[2].createdByLabel).toBe("git test");

    expect(await fetchGitSource(ctx, project.id, trigger)).toMatchObject({ outcome: "up_to_date", releases: [] });
    // Every request that reached git carried the credentials.
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.authorized)).toBe(true);

    // Secrets: sealed at rest, never in a view.
    const row = await ctx.prisma.gitSource.findUniqueOrThrow({ where: { projectId: project.id } });
    const stored = JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? String(value) : value));
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(webhookSecret);
    const views = JSON.stringify(await listProjects(ctx));
    expect(views).not.toContain(TOKEN);
    expect(views).not.toContain(webhookSecret);

    // A push to a git project is refused, naming where its releases come from.
    const pushed = await pushRelease(
      ctx,
      { project: "api", files: { "20260103000000_c/migration.sql": C["20260103000000_c"] } },
      OPERATOR,
    ).catch((e: unknown) => e);
    expect(pushed).toMatchObject({ kind: "conflict", code: "not_an_upload_project" });
    expect((pushed as Error).message).toContain("api reads its migrations from git");
    expect(await ctx.prisma.release.count({ where: { projectId: project.id } })).toBe(3);
  });

  it("refuses a wrong token at creation, saving nothing; a revoked token is a recorded fetch error", async () => {
    const ctx = await context();
    const repo = await repoWith(A);
    const server = await serve(repo);
    const source = { kind: "git" as const, repository: server.url(repo.name), ref: "main" };
    await expect(
      createGitProject(ctx, { name: "api", source: { ...source, credentials: { ...https, token: "wrong" } } }),
    ).rejects.toMatchObject({
      kind: "unprocessable",
      code: "git_auth_failed",
      message: expect.stringContaining("refused the credentials"),
    });
    await expect(createGitProject(ctx, { name: "api", source })).rejects.toMatchObject({
      code: "git_auth_failed",
      message: expect.stringContaining("asks for credentials"),
    });
    // A token is never sent in clear text across a network: http:// to another host is refused before connecting
    // (the suite's own server is on loopback, where it does not leave the machine).
    await expect(
      createGitProject(ctx, {
        name: "api",
        source: { kind: "git", repository: "http://git.example.com/org/app.git", ref: "main", credentials: https },
      }),
    ).rejects.toMatchObject({ kind: "unprocessable", code: "git_credentials_over_http" });
    expect(await ctx.prisma.project.count()).toBe(0);
    expect(fs.readdirSync(ctx.gitCacheDir!)).toEqual([]);

    const { project } = await createGitProject(ctx, { name: "api", source: { ...source, credentials: https } });
    server.setPassword("rotated-elsewhere");
    await repo.commit(migrationFiles(B), "add b");
    await repo.push();
    const failed = await fetchGitSource(ctx, project.id, trigger);
    expect(failed).toMatchObject({ outcome: "failed", error: expect.stringContaining("refused the credentials") });
    expect(await ctx.prisma.gitSource.findUniqueOrThrow({ where: { projectId: project.id } })).toMatchObject({
      lastFetchError: expect.stringContaining("refused the credentials"),
      lastFetchAt: expect.any(Date),
    });
    expect(await ctx.prisma.release.count()).toBe(1);

    // New credentials, tested before they are saved: the next fetch picks the commit up.
    await expect(
      updateGitSource(ctx, project.id, { credentials: { ...https, token: "still-wrong" } }),
    ).rejects.toMatchObject({ code: "git_auth_failed" });
    const { before, after } = await updateGitSource(ctx, project.id, {
      credentials: { ...https, token: "rotated-elsewhere" },
    });
    expect(before.authMethod).toBe("https");
    expect(JSON.stringify({ before, after })).not.toContain("rotated-elsewhere");
    expect((await fetchGitSource(ctx, project.id, trigger)).releases).toHaveLength(1);
    expect(
      (await ctx.prisma.gitSource.findUniqueOrThrow({ where: { projectId: project.id } })).lastFetchError,
    ).toBeNull();
  });

  it("follows a tag: a moved tag is one new release; switched to a branch, tested before it is saved", async () => {
    const ctx = await context();
    const repo = await repoWith(A);
    const tagged = await repo.git("rev-parse", "HEAD");
    await repo.git("tag", "-a", "v1", "-m", "version 1");
    await repo.push();
    const server = await serve(repo);
    const { project } = await createGitProject(ctx, {
      name: "api",
      source: { kind: "git", repository: server.url(repo.name), ref: "v1", credentials: https },
    });
    expect(project.git).toMatchObject({ ref: "refs/tags/v1", refKind: "tag", refName: "v1", headSha: tagged });
    await repo.commit(migrationFiles(B), "add b");
    const c = await repo.commit(migrationFiles(C), "add c");
    await repo.push();
    expect(await fetchGitSource(ctx, project.id, trigger)).toMatchObject({ outcome: "up_to_date" });
    await repo.git("tag", "-f", "-a", "v1", "-m", "version 1, again");
    await repo.push();
    const moved = await fetchGitSource(ctx, project.id, trigger);
    expect(moved.releases.map((r) => r.commitSha)).toEqual([c]);
    expect((await releasesOf(ctx, project.id)).map((r) => [r.commit.sha, r.commit.branch])).toEqual([
      [tagged, "v1"],
      [c, "v1"],
    ]);

    // Changed to follow the branch (as the project edit route will): tested first, a ref that does not exist is
    // refused and nothing changes; then history restarts at the branch's tip.
    await expect(updateGitSource(ctx, project.id, { ref: "nope" })).rejects.toMatchObject({
      code: "git_ref_not_found",
    });
    const d = await repo.commit(migrationFiles({ "20260104000000_d": 'CREATE TABLE "d" (id int);\n' }), "add d");
    await repo.push();
    const { before, after } = await updateGitSource(ctx, project.id, { ref: "main", intervalSeconds: 120 });
    expect(before).toMatchObject({ ref: "refs/tags/v1", intervalSeconds: 60 });
    expect(after).toMatchObject({ ref: "refs/heads/main", refKind: "branch", headSha: d, intervalSeconds: 120 });
    expect((await releasesOf(ctx, project.id)).at(-1)).toMatchObject({
      commit: { sha: d, branch: "main" },
      added: ["20260104000000_d"],
    });
    const e = await repo.commit(migrationFiles({ "20260105000000_e": 'CREATE TABLE "e" (id int);\n' }), "add e");
    await repo.push();
    expect((await fetchGitSource(ctx, project.id, trigger)).releases.map((r) => r.commitSha)).toEqual([e]);
  });

  it("reads the project's repoMigrationsPath inside the repository", async () => {
    const ctx = await context();
    const repo = await createTestRepo();
    await repo.commit(migrationFiles(A, "apps/api/prisma/migrations"), "add a");
    await repo.push();
    const server = await serve(repo);
    const source = { kind: "git" as const, repository: server.url(repo.name), ref: "main", credentials: https };
    await expect(createGitProject(ctx, { name: "api", source })).rejects.toMatchObject({
      code: "git_migrations_invalid",
      message: expect.stringContaining("prisma/migrations does not exist"),
    });
    const { project } = await createGitProject(ctx, {
      name: "api",
      source,
      repoMigrationsPath: "apps/api/prisma/migrations/",
    });
    expect(project.repoMigrationsPath).toBe("apps/api/prisma/migrations");
    expect((await releasesOf(ctx, project.id))[0].added).toEqual(Object.keys(A));
  });
});

describe("a local path", { timeout: 120_000 }, () => {
  it("is read in place under RUNWAY_SOURCE_ROOTS (symlinks resolved), and refused outside them", async () => {
    const roots = fs.mkdtempSync(path.join(os.tmpdir(), "runway-roots-"));
    cleanups.push(() => fs.rmSync(roots, { recursive: true, force: true }));
    const ctx = await context({ sourceRoots: [roots] });
    const inside = await createTestRepo({ parent: roots });
    await inside.commit(migrationFiles(A), "add a", ALICE);
    const outside = await repoWith(A);

    await expect(
      createGitProject(ctx, { name: "out", source: { kind: "git", repository: outside.dir, ref: "main" } }),
    ).rejects.toMatchObject({ code: "folder_outside_roots" });
    const link = path.join(roots, "link-to-outside");
    fs.symlinkSync(outside.dir, link);
    await expect(
      createGitProject(ctx, { name: "out", source: { kind: "git", repository: link, ref: "main" } }),
    ).rejects.toMatchObject({ code: "folder_outside_roots" });

    const { project } = await createGitProject(ctx, {
      name: "local",
      source: { kind: "git", repository: inside.dir, ref: "main" },
    });
    expect(project.git).toMatchObject({ transport: "local", authMethod: "none" });
    const b = await inside.commit(migrationFiles(B), "add b", BOB);
    const c = await inside.commit(migrationFiles(C), "add c", ALICE);
    const fetched = await fetchGitSource(ctx, project.id, trigger);
    expect(fetched.releases.map((r) => r.commitSha)).toEqual([b, c]);
    // Nothing was cloned: the repository is read where it is.
    expect(fs.readdirSync(ctx.gitCacheDir!)).toEqual([]);
  });
});

describe("a hostile repository", { timeout: 120_000 }, () => {
  it("symlinks, `..`, oversized and non-UTF-8 files: a clear error recorded, nothing released, the next good commit released", async () => {
    const ctx = await context();
    const repo = await repoWith(A);
    const server = await serve(repo);
    const { project } = await createGitProject(ctx, {
      name: "api",
      source: { kind: "git", repository: server.url(repo.name), ref: "main", credentials: https },
    });
    const state = () => ctx.prisma.gitSource.findUniqueOrThrow({ where: { projectId: project.id } });
    const hostile: Array<[string, () => Promise<string>, RegExp]> = [
      [
        "a symlinked migration.sql",
        () => repo.commit({ "prisma/migrations/20260102000000_b/migration.sql": { symlink: "/etc/passwd" } }, "link"),
        /20260102000000_b\/migration\.sql is a symlink/,
      ],
      [
        "a symlinked migrations folder",
        () => repo.commit({ "prisma/migrations": { symlink: "/etc" } }, "link the folder"),
        /prisma\/migrations is a symlink/,
      ],
      ["a `..` entry", () => commitUnsafeEntry(repo, "prisma/migrations", "dot dot"), /"\.\." is not a safe path/],
      [
        "an oversized file",
        () => repo.commit(migrationFiles({ "20260102000000_b": `-- ${"x".repeat(1_200_000)}\n` }), "huge"),
        /larger than 1024 KiB/,
      ],
      [
        "a file that is not UTF-8",
        () =>
          repo.commit(
            migrationFiles({ "20260102000000_b": Buffer.from([0xc3, 0x28, 0x0a]) as unknown as string }),
            "binary",
          ),
        /is not UTF-8 text/,
      ],
    ];
    for (const [what, commit, message] of hostile) {
      // Each from a good state: the previous hostile commit replaced by the original migrations.
      await repo.git("reset", "-q", "--hard", (await repo.git("rev-list", "--max-parents=0", "HEAD")).split("\n")[0]);
      const sha = await commit();
      await repo.push();
      const result = await fetchGitSource(ctx, project.id, trigger);
      expect(result, what).toMatchObject({ outcome: "fetched", releases: [], error: null });
      expect(
        result.skipped.map((s) => s.sha),
        what,
      ).toEqual([sha]);
      expect(result.skipped[0].reason, what).toMatch(message);
      expect((await state()).headError, what).toMatch(message);
      expect(await ctx.prisma.release.count(), what).toBe(1);
    }
    // The fix: released, and the error is gone.
    await repo.git("reset", "-q", "--hard", (await repo.git("rev-list", "--max-parents=0", "HEAD")).split("\n")[0]);
    const fixed = await repo.commit(migrationFiles(B), "add b, properly");
    await repo.push();
    expect((await fetchGitSource(ctx, project.id, trigger)).releases.map((r) => r.commitSha)).toEqual([fixed]);
    expect((await state()).headError).toBeNull();
  });

  it("a fetch that sends too much, or too slowly, is stopped and recorded", async () => {
    const created = await context();
    const repo = await repoWith(A);
    const server = await serve(repo);
    const { project } = await createGitProject(created, {
      name: "api",
      source: { kind: "git", repository: server.url(repo.name), ref: "main", credentials: https },
    });
    // The project made with the usual bounds; its fetches with small ones.
    const ctx = { ...created, gitLimits: { maxFetchBytes: 64 * 1024 } };
    await repo.commit(
      { "assets/noise.bin": crypto.randomBytes(512 * 1024) as unknown as string, ...migrationFiles(B) },
      "noise",
    );
    await repo.push();
    expect(await fetchGitSource(ctx, project.id, trigger)).toMatchObject({
      outcome: "failed",
      error: expect.stringContaining("sent more than"),
    });
    expect(await ctx.prisma.release.count()).toBe(1);

    const blackhole = await startBlackhole();
    cleanups.push(() => blackhole.close());
    await ctx.prisma.gitSource.update({
      where: { projectId: project.id },
      data: { repository: `http://127.0.0.1:${blackhole.port}/app.git` },
    });
    const slow = await fetchGitSource({ ...created, gitLimits: { timeoutMs: 1500 } }, project.id, trigger);
    expect(slow).toMatchObject({ outcome: "failed", error: expect.stringContaining("took longer than 1.5 s") });
    expect(slow.durationMs).toBeLessThan(10_000);
  });
});

describe("the target policy", { timeout: 120_000 }, () => {
  it("refuses a link-local git host before connecting, and a denied one at fetch time", async () => {
    const ctx = await context();
    for (const host of ["169.254.169.254", "[fe80::1]", "2852039166", "[::ffff:169.254.169.254]"])
      await expect(
        createGitProject(ctx, {
          name: "api",
          source: { kind: "git", repository: `https://${host}/org/app.git`, ref: "main" },
        }),
        host,
      ).rejects.toMatchObject({
        kind: "forbidden",
        code: "git_host_refused",
        message: expect.stringContaining("This git host is not allowed"),
      });

    const repo = await repoWith(A);
    const server = await serve(repo);
    const { project } = await createGitProject(ctx, {
      name: "api",
      source: { kind: "git", repository: server.url(repo.name), ref: "main", credentials: https },
    });
    const before = server.requests.length;
    const denied = { ...ctx, targetPolicy: readTargetPolicy({ RUNWAY_TARGET_DENY: "127.0.0.0/8" }) };
    await repo.commit(migrationFiles(B), "add b");
    await repo.push();
    expect(await fetchGitSource(denied, project.id, trigger)).toMatchObject({
      outcome: "failed",
      error: expect.stringContaining("127.0.0.1 is in RUNWAY_TARGET_DENY"),
    });
    expect(server.requests.length).toBe(before);
  });
});

describe("concurrency and the cache", { timeout: 120_000 }, () => {
  it("concurrent fetches record one release per commit; a commit's release is recorded once however often it is asked", async () => {
    const ctx = await context();
    const repo = await repoWith(A);
    const server = await serve(repo);
    const { project } = await createGitProject(ctx, {
      name: "api",
      source: { kind: "git", repository: server.url(repo.name), ref: "main", credentials: https },
    });
    await repo.commit(migrationFiles(B), "add b");
    await repo.commit(migrationFiles(C), "add c");
    await repo.push();
    const results = await Promise.all([1, 2, 3].map(() => fetchGitSource(ctx, project.id, trigger)));
    expect(results.filter((r) => r.outcome === "busy").length).toBeGreaterThanOrEqual(1);
    const shas = (await releasesOf(ctx, project.id)).map((r) => r.commit.sha);
    expect(shas).toHaveLength(3);
    expect(new Set(shas).size).toBe(3);

    // Past the lease (a fetch that overran it): the commit is recorded once, under the source's row lock.
    const commit = { sha: "f".repeat(40), author: DEV.name, message: "m", committedAt: new Date() };
    const files = { "20260104000000_d/migration.sql": "SELECT 1;\n" };
    const recorded = await Promise.all(
      [1, 2, 3, 4].map(() => recordGitRelease(ctx.prisma, project.id, files, commit, "main", trigger)),
    );
    expect(recorded.filter((r) => r.created)).toHaveLength(1);
    expect(await ctx.prisma.release.count({ where: { commitSha: commit.sha } })).toBe(1);
  });

  it("a lease left by a killed process expires; a lost or damaged cache is rebuilt with every commit since", async () => {
    const ctx = await context();
    const repo = await repoWith(A);
    const server = await serve(repo);
    const { project } = await createGitProject(ctx, {
      name: "api",
      source: { kind: "git", repository: server.url(repo.name), ref: "main", credentials: https },
    });
    await ctx.prisma.gitSource.update({
      where: { projectId: project.id },
      data: { fetchingUntil: new Date(Date.now() + 60_000), fetchingBy: "killed-process" },
    });
    expect((await fetchGitSource(ctx, project.id, trigger)).outcome).toBe("busy");
    await ctx.prisma.gitSource.update({
      where: { projectId: project.id },
      data: { fetchingUntil: new Date(Date.now() - 1000) },
    });
    expect((await fetchGitSource(ctx, project.id, trigger)).outcome).toBe("up_to_date");

    const cache = path.join(ctx.gitCacheDir!, `${project.id}.git`);
    const b = await repo.commit(migrationFiles(B), "add b");
    await repo.push();
    fs.rmSync(cache, { recursive: true, force: true });
    expect((await fetchGitSource(ctx, project.id, trigger)).releases.map((r) => r.commitSha)).toEqual([b]);

    const c = await repo.commit(migrationFiles(C), "add c");
    await repo.push();
    // A pack index cut short, as a process killed while writing it leaves it.
    const packs = path.join(cache, "objects", "pack");
    for (const idx of fs.readdirSync(packs).filter((f) => f.endsWith(".idx")))
      fs.truncateSync(path.join(packs, idx), 10);
    const rebuilt = await fetchGitSource(ctx, project.id, trigger);
    expect(rebuilt, JSON.stringify(rebuilt)).toMatchObject({ outcome: "fetched", error: null });
    expect(rebuilt.releases.map((r) => r.commitSha)).toEqual([c]);
  });
});

describe("ssh, through the system's git", { timeout: 120_000 }, () => {
  it("uses the deploy key from a 0600 file that is gone afterwards, connects to the checked address, refuses a wrong key", async () => {
    const ctx = await context();
    const key = crypto.generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const other = crypto.generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const fake = installFakeSsh(key);
    cleanups.push(() => fake.restore());
    const repo = await repoWith(A);
    const repository = `git@localhost:${repo.bare}`;
    await expect(
      createGitProject(ctx, {
        name: "api",
        source: { kind: "git", repository, ref: "main", credentials: { kind: "ssh", privateKey: other } },
      }),
    ).rejects.toMatchObject({ code: "git_auth_failed", message: expect.stringContaining("refused the deploy key") });

    const { project } = await createGitProject(ctx, {
      name: "api",
      source: { kind: "git", repository, ref: "main", credentials: { kind: "ssh", privateKey: key } },
    });
    expect(project.git).toMatchObject({ transport: "ssh", authMethod: "ssh" });
    const b = await repo.commit(migrationFiles(B), "add b");
    const c = await repo.commit(migrationFiles(C), "add c");
    await repo.push();
    expect((await fetchGitSource(ctx, project.id, trigger)).releases.map((r) => r.commitSha)).toEqual([b, c]);

    const log = fake.log();
    expect(log).toContain("keymode 600");
    expect(log).toContain("host git@localhost");
    expect(log.some((line) => /^opt -o HostName=(127\.0\.0\.1|::1)$/.test(line))).toBe(true);
    expect(log).toContain("opt -o HostKeyAlias=localhost");
    const keyFiles = log.filter((line) => line.startsWith("keyfile ")).map((line) => line.slice(8));
    expect(keyFiles.length).toBeGreaterThan(0);
    for (const file of keyFiles) expect(fs.existsSync(file)).toBe(false);
  });
});
