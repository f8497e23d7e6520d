// Editing a project on real PostgreSQL (issue 10, item 6): renames unique, folder paths checked against
// RUNWAY_SOURCE_ROOTS as on creation, switching between folder and upload, the repository path, audited.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Actor } from "../actions/actor";
import { RUNBOOK_MIGRATIONS, RUNBOOK_MIGRATIONS_FIXED } from "../testing/migrations-fixture";
import { createOwnState, type OwnState } from "../testing/own-state";
import { updateProject } from "./edit-project";
import { RegistryError } from "./errors";
import { createProject, findProjectView } from "./registry";
import { removeProject } from "./remove-environments";
import { loadMigrationsSource } from "./sources";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures");
const ADMIN: Actor = { key: "user:admin-1", label: "admin@test", role: "admin", userId: null };
const BY = { actor: ADMIN, origin: null };

let state: OwnState;
beforeEach(async () => {
  state = await createOwnState();
});
afterEach(async () => {
  await state.close();
});

const ctx = () => ({ ...state, sourceRoots: [FIXTURES] });

async function refusal(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

it("refuses a rename to a taken name (409); a removed project's name is free again", async () => {
  const a = await createProject(ctx(), { name: "billing", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } }, null);
  const b = await createProject(ctx(), { name: "search", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } }, null);
  const taken = await refusal(updateProject(ctx(), b.id, { name: " billing " }, BY));
  expect(taken).toMatchObject({ kind: "conflict", code: "project_exists" });
  expect((await findProjectView(state.prisma, b.id)).name).toBe("search");

  await removeProject(ctx(), a.id, "billing", BY);
  expect((await updateProject(ctx(), b.id, { name: "billing" }, BY)).project.name).toBe("billing");
  // And a new project may take the removed one's name too.
  const c = await createProject(ctx(), { name: "search", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } }, null);
  expect(c.name).toBe("search");
  await expect(
    createProject(ctx(), { name: "billing", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } }, null),
  ).rejects.toMatchObject({ code: "project_exists" });
});

it("checks a new folder path with the creation rules: /etc, a symlink leading out, a relative path are refused", async () => {
  const project = await createProject(
    ctx(),
    { name: "app", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } },
    null,
  );
  // A symlink inside an allowed root that leads out of it.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "rw-root-"));
  const link = path.join(root, "link");
  fs.symlinkSync("/etc", link);
  const withRoot = { ...state, sourceRoots: [FIXTURES, root] };
  try {
    const cases: Array<[string, string]> = [
      ["/etc", "folder_outside_roots"],
      [link, "folder_outside_roots"],
      ["fixtures/runbook-app/migrations", "invalid_folder"],
      [path.join(FIXTURES, "no-such-folder"), "invalid_folder"],
    ];
    for (const [folder, code] of cases) {
      const refused = await refusal(
        updateProject(withRoot, project.id, { source: { kind: "folder", path: folder } }, BY),
      );
      expect(refused, folder).toMatchObject({ kind: "invalid", code });
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  expect((await findProjectView(state.prisma, project.id)).folderPath).toBe(RUNBOOK_MIGRATIONS);
  expect(await state.prisma.auditEvent.count({ where: { event: "project_updated" } })).toBe(0);

  const moved = await updateProject(
    ctx(),
    project.id,
    { source: { kind: "folder", path: RUNBOOK_MIGRATIONS_FIXED } },
    BY,
  );
  expect(moved.project.folderPath).toBe(RUNBOOK_MIGRATIONS_FIXED);
});

it("switches a project between folder and upload, sets the repository path, and audits before → after", async () => {
  const project = await createProject(
    ctx(),
    { name: "app", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } },
    null,
  );
  const files = {
    "20260101000000_init/migration.sql": "CREATE TABLE a (id int);",
    "migration_lock.toml": 'provider = "postgresql"\n',
  };
  const upload = await updateProject(
    ctx(),
    project.id,
    { source: { kind: "upload", files }, repoMigrationsPath: "apps/api/prisma/migrations/" },
    BY,
  );
  expect(upload.project).toMatchObject({
    sourceKind: "upload",
    folderPath: null,
    repoMigrationsPath: "apps/api/prisma/migrations",
    latestBundle: { version: 1, migrationCount: 1 },
  });
  const source = await loadMigrationsSource(ctx(), { id: project.id, sourceKind: "upload", folderPath: null });
  expect(source.folder?.migrations.map((m) => m.name)).toEqual(["20260101000000_init"]);

  // A bad upload is refused whole, and the project keeps its source.
  const bad = await refusal(
    updateProject(ctx(), project.id, { source: { kind: "upload", files: { "../x/migration.sql": "x" } } }, BY),
  );
  expect(bad.code).toBe("not_a_migrations_folder");

  const back = await updateProject(
    ctx(),
    project.id,
    { source: { kind: "folder", path: RUNBOOK_MIGRATIONS }, repoMigrationsPath: null },
    BY,
  );
  expect(back.project).toMatchObject({
    sourceKind: "folder",
    folderPath: RUNBOOK_MIGRATIONS,
    repoMigrationsPath: "prisma/migrations",
  });
  // The same settings again: nothing written.
  expect(
    (await updateProject(ctx(), project.id, { source: { kind: "folder", path: RUNBOOK_MIGRATIONS } }, BY)).changed,
  ).toBe(false);

  const events = await state.prisma.auditEvent.findMany({
    where: { event: "project_updated" },
    orderBy: { seq: "asc" },
  });
  expect(events.map((e) => e.arguments)).toEqual([
    expect.objectContaining({
      before: expect.objectContaining({ sourceKind: "folder", folderPath: RUNBOOK_MIGRATIONS }),
      after: expect.objectContaining({
        sourceKind: "upload",
        folderPath: null,
        repoMigrationsPath: "apps/api/prisma/migrations",
        latestBundle: expect.objectContaining({ version: 1 }),
      }),
    }),
    expect.objectContaining({
      before: expect.objectContaining({ sourceKind: "upload" }),
      after: expect.objectContaining({ sourceKind: "folder", repoMigrationsPath: "prisma/migrations" }),
    }),
  ]);
  // Uploaded SQL stays out of the audit log; its checksum identifies it.
  expect(JSON.stringify(events.map((e) => e.arguments))).not.toContain("CREATE TABLE a");
  expect(events[0].message).toMatch(/source folder → upload/);
});

it("answers 404 for a removed or unknown project", async () => {
  const project = await createProject(
    ctx(),
    { name: "app", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } },
    null,
  );
  await removeProject(ctx(), project.id, "app", BY);
  expect(await refusal(updateProject(ctx(), project.id, { name: "again" }, BY))).toMatchObject({ kind: "not_found" });
  expect(await refusal(updateProject(ctx(), "00000000-0000-4000-8000-000000000000", {}, BY))).toMatchObject({
    kind: "not_found",
  });
});
