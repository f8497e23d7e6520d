// Releases on real PostgreSQL: a folder's release follows its files, an environment is located on its release,
// pushes are idempotent per content and limited to a release token's projects.
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, inject, it } from "vitest";
import type { Actor } from "../actions/actor";
import { createEnvironment, createProject } from "../environments/registry";
import { createStatusService } from "../environments/status-service";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { createOwnState, type OwnState } from "../testing/own-state";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { listReleases, locateRelease } from "./list-releases";
import { pushRelease } from "./push-release";

let state: OwnState;
const targets: TestDatabase[] = [];
beforeEach(async () => {
  state = await createOwnState();
});
afterEach(async () => {
  await state.close();
  for (const t of targets.splice(0)) await t.drop();
});

const operator: Actor = { key: "user:op", label: "op@example.com", role: "operator", userId: null };

const M1 = { "20260101000000_init": 'CREATE TABLE "a" (id int);\n' };
const M2 = { "20260102000000_b": 'CREATE TABLE "b" (id int);\n' };

function filesOf(migrations: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(migrations).map(([name, sql]) => [`${name}/migration.sql`, sql]));
}

it("a folder project: a release per content, the environment at the release it has applied and how far behind", async () => {
  const dir = writeMigrationsFolder(M1);
  const project = await createProject(state, { name: "app", source: { kind: "folder", path: dir } }, null);
  const db = await createTestDatabase(inject("adminUrl"));
  targets.push(db);
  const env = await createEnvironment(state, { projectId: project.id, name: "prod", databaseUrl: db.url });
  await deployMigrations(db.url, await readMigrationsFolder(dir));
  const service = createStatusService(state, { ttlMs: 60_000 });

  const first = await service.getEnvironmentStatus(env.id);
  expect(first.release).toEqual({
    at: { number: 1, label: "#1", checksum: expect.any(String) },
    latest: first.release!.latest,
    behind: 0,
  });
  // Reading the same folder again records nothing new.
  await service.getEnvironmentStatus(env.id, { fresh: true });
  expect(await state.prisma.release.count()).toBe(1);

  fs.mkdirSync(path.join(dir, Object.keys(M2)[0]));
  fs.writeFileSync(path.join(dir, Object.keys(M2)[0], "migration.sql"), Object.values(M2)[0]);
  const second = await service.getEnvironmentStatus(env.id, { fresh: true });
  expect(second.release).toMatchObject({ at: { number: 1 }, latest: { number: 2 }, behind: 1 });

  const releases = await listReleases(state.prisma, project.id);
  expect(releases.map((r) => [r.number, r.origin, r.added, r.changed])).toEqual([
    [2, "folder", ["20260102000000_b"], []],
    [1, "folder", ["20260101000000_init"], []],
  ]);

  // An edit of an existing migration is a release that changes it.
  fs.appendFileSync(path.join(dir, "20260101000000_init", "migration.sql"), "-- note\n");
  const third = await service.getEnvironmentStatus(env.id, { fresh: true });
  expect(third.release).toMatchObject({ at: { number: 1 }, latest: { number: 3 }, behind: 2 });
  expect((await listReleases(state.prisma, project.id))[0]).toMatchObject({
    number: 3,
    added: [],
    changed: ["20260101000000_init"],
  });
});

it("push: a new release with its commit, the same files again are that release, the bundle follows", async () => {
  const project = await createProject(state, { name: "api", source: { kind: "upload", files: filesOf(M1) } }, null);
  const files = filesOf({ ...M1, ...M2 });
  const commit = { sha: "a1b2c3d4e5f6", branch: "main", author: "Dev <dev@example.com>", message: "add b" };
  const pushed = await pushRelease(state, { project: "api", files, commit }, operator);
  expect(pushed.created).toBe(true);
  expect(pushed.release).toMatchObject({
    number: 1,
    label: "a1b2c3d",
    origin: "push",
    commit,
    added: ["20260101000000_init", "20260102000000_b"],
  });
  const bundle = await state.prisma.migrationBundle.findFirst({
    where: { projectId: project.id },
    orderBy: { version: "desc" },
  });
  expect(bundle).toMatchObject({ version: 2, migrationCount: 2 });

  const again = await pushRelease(state, { project: project.id, files, commit: { sha: "ffffffff" } }, operator);
  expect(again).toMatchObject({ created: false, release: { number: 1, commit: { sha: commit.sha } } });
  expect(await state.prisma.migrationBundle.count({ where: { projectId: project.id } })).toBe(2);
});

it("a release token pushes only to the projects it names; a folder project refuses pushes", async () => {
  const api = await createProject(state, { name: "api", source: { kind: "upload", files: filesOf(M1) } }, null);
  await createProject(state, { name: "web", source: { kind: "upload", files: filesOf(M1) } }, null);
  const folder = await createProject(
    state,
    { name: "folder", source: { kind: "folder", path: writeMigrationsFolder(M1) } },
    null,
  );
  const token: Actor = {
    key: "token:t",
    label: "token ci",
    role: "viewer",
    userId: null,
    releaseProjectIds: [api.id, folder.id],
  };
  const files = filesOf({ ...M1, ...M2 });
  await expect(pushRelease(state, { project: "web", files }, token)).rejects.toMatchObject({
    kind: "forbidden",
    code: "release_token_project",
  });
  expect(await state.prisma.release.count({ where: { origin: "push" } })).toBe(0);
  await expect(pushRelease(state, { project: "folder", files }, token)).rejects.toMatchObject({
    code: "not_an_upload_project",
  });
  await expect(pushRelease(state, { project: "nope", files }, token)).rejects.toMatchObject({ kind: "not_found" });
  expect((await pushRelease(state, { project: "api", files }, token)).created).toBe(true);
});

it("locateRelease: the newest fully applied release", () => {
  const releases = [
    { number: 1, label: "#1", checksum: "c1", migrationNames: ["a"] },
    { number: 2, label: "#2", checksum: "c2", migrationNames: ["a", "b"] },
    { number: 3, label: "abc1234", checksum: "c3", migrationNames: ["a", "b", "c"] },
  ];
  expect(
    locateRelease(releases, [
      { name: "a", state: "applied" },
      { name: "b", state: "failed" },
    ]),
  ).toMatchObject({ at: { number: 1 }, behind: 2 });
  expect(locateRelease(releases, [{ name: "a", state: "pending" }])).toMatchObject({
    at: null,
    behind: 3,
    latest: { label: "abc1234" },
  });
  expect(
    locateRelease(
      releases,
      ["a", "b", "c"].map((name) => ({ name, state: "applied" })),
    ),
  ).toMatchObject({ at: { number: 3 }, behind: 0 });
  expect(locateRelease([], [])).toBeNull();
});

it("push of files already recorded without a commit (an upload read by the status page) names that release's commit", async () => {
  const project = await createProject(state, { name: "api", source: { kind: "upload", files: filesOf(M1) } }, null);
  const db = await createTestDatabase(inject("adminUrl"));
  targets.push(db);
  const env = await createEnvironment(state, { projectId: project.id, name: "dev", databaseUrl: db.url });
  expect((await createStatusService(state, { ttlMs: 60_000 }).getEnvironmentStatus(env.id)).release).toMatchObject({
    latest: { label: "#1" },
    at: null,
  });
  const pushed = await pushRelease(
    state,
    { project: "api", files: filesOf(M1), commit: { sha: "0123456789ab", branch: "main" } },
    operator,
  );
  expect(pushed).toMatchObject({
    created: false,
    release: { number: 1, label: "0123456", origin: "upload", commit: { branch: "main" } },
  });
});
