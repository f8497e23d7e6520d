// Editing a project's source to and from git (issue 10, item 6, with the git source of item 2): a real repository
// served over git's smart HTTP behind basic auth; access tested before anything is saved, the webhook secret
// answered once, the stored token kept unless replaced, and a project leaving git (or removed) stops reading it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import type { Actor } from "../actions/actor";
import type { GitSourceContext } from "../git-source/context";
import { cacheDirOf } from "../git-source/context";
import { createGitProject, readWebhookTarget } from "../git-source/git-settings";
import { listReleases } from "../releases/list-releases";
import { createTestRepo, migrationFiles } from "../testing/git-repo";
import { startGitHttpServer } from "../testing/git-http-server";
import { RUNBOOK_MIGRATIONS } from "../testing/migrations-fixture";
import { createOwnState } from "../testing/own-state";
import { updateProject } from "./edit-project";
import { createProject, findProjectView } from "./registry";
import { removeProject } from "./remove-environments";

const TOKEN = "glpat-edit-test-token-0123456789";
const ADMIN: Actor = { key: "user:admin-1", label: "admin@test", role: "admin", userId: null };
const BY = { actor: ADMIN, origin: null };
const A = { "20260101000000_a": 'CREATE TABLE "a" (id int);\n' };

let cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function setUp() {
  const state = await createOwnState();
  cleanups.push(() => state.close());
  const gitCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-git-cache-"));
  cleanups.push(() => fs.rmSync(gitCacheDir, { recursive: true, force: true }));
  const ctx: GitSourceContext = { ...state, gitCacheDir };
  const repo = await createTestRepo();
  await repo.commit(migrationFiles(A), "add a");
  await repo.push();
  const server = await startGitHttpServer(repo.root, { username: "ci", password: TOKEN });
  cleanups.push(() => server.close());
  return { ctx, state, url: server.url(repo.name) };
}

const auditText = async (ctx: GitSourceContext) =>
  JSON.stringify(await ctx.prisma.auditEvent.findMany(), (_k, v) => (typeof v === "bigint" ? String(v) : v));

it("switches a folder project to git (tested first, the secret once), keeps its token, and back to a folder", async () => {
  const { ctx, url } = await setUp();
  const project = await createProject(ctx, { name: "api", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } }, null);
  const https = { kind: "https" as const, username: "ci", token: TOKEN };

  // A refused token: nothing saved, the project still reads its folder.
  await expect(
    updateProject(
      ctx,
      project.id,
      { source: { kind: "git", repository: url, ref: "main", credentials: { ...https, token: "wrong" } } },
      BY,
    ),
  ).rejects.toMatchObject({ code: "git_auth_failed" });
  expect(await findProjectView(ctx.prisma, project.id)).toMatchObject({ sourceKind: "folder", git: null });
  expect(await ctx.prisma.gitSource.count()).toBe(0);

  const switched = await updateProject(
    ctx,
    project.id,
    { source: { kind: "git", repository: url, ref: "main", credentials: https } },
    BY,
  );
  expect(switched.gitWebhookSecret).toMatch(/\S{20,}/);
  expect(switched.project).toMatchObject({
    sourceKind: "git",
    folderPath: null,
    git: { repository: url, refName: "main", authMethod: "https" },
  });
  expect((await readWebhookTarget(ctx, project.id))?.secret).toBe(switched.gitWebhookSecret);
  const [release] = await listReleases(ctx.prisma, project.id);
  expect(release).toMatchObject({ origin: "git", added: ["20260101000000_a"] });

  // Settings changed without the token: the stored one is kept (and still works, since access is tested again).
  const tuned = await updateProject(
    ctx,
    project.id,
    { source: { kind: "git", repository: url, ref: "main", intervalSeconds: 120 } },
    BY,
  );
  expect(tuned.project.git).toMatchObject({ authMethod: "https", intervalSeconds: 120 });
  expect(tuned.gitWebhookSecret).toBeNull();

  // Back to a folder: the git settings and the clone cache go.
  expect(fs.existsSync(cacheDirOf(ctx, project.id))).toBe(true);
  const back = await updateProject(ctx, project.id, { source: { kind: "folder", path: RUNBOOK_MIGRATIONS } }, BY);
  expect(back.project).toMatchObject({ sourceKind: "folder", folderPath: RUNBOOK_MIGRATIONS, git: null });
  expect(await ctx.prisma.gitSource.count()).toBe(0);
  expect(fs.existsSync(cacheDirOf(ctx, project.id))).toBe(false);

  const updates = await ctx.prisma.auditEvent.findMany({
    where: { event: "project_updated" },
    orderBy: { seq: "asc" },
  });
  expect(updates.map((e) => e.message)).toEqual([
    expect.stringContaining("source folder → git"),
    expect.stringContaining("Project api: fetched every 60 s → 120 s."),
    expect.stringContaining("source git → folder"),
  ]);
  const text = await auditText(ctx);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(switched.gitWebhookSecret!);
});

it("removing a git project stops its fetches and webhook, and drops its clone", async () => {
  const { ctx, url } = await setUp();
  const { project } = await createGitProject(ctx, {
    name: "api",
    source: { kind: "git", repository: url, ref: "main", credentials: { kind: "https", username: "ci", token: TOKEN } },
  });
  expect(fs.existsSync(cacheDirOf(ctx, project.id))).toBe(true);
  await removeProject(ctx, project.id, "api", BY);
  expect(await readWebhookTarget(ctx, project.id)).toBeNull();
  expect(await ctx.prisma.gitSource.count()).toBe(0);
  expect(fs.existsSync(cacheDirOf(ctx, project.id))).toBe(false);
  const [removal] = await ctx.prisma.auditEvent.findMany({ where: { event: "project_removed" } });
  expect(removal.arguments).toMatchObject({ before: { sourceKind: "git", git: { repository: url } }, after: null });
  expect(await auditText(ctx)).not.toContain(TOKEN);
  // The name is free for a new project.
  expect(
    (await createProject(ctx, { name: "api", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } }, null)).name,
  ).toBe("api");
});
