// Folder sources only under RUNWAY_SOURCE_ROOTS, validated when saved (issue 13, item 12).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { RUNBOOK_MIGRATIONS } from "../testing/migrations-fixture";
import { createOwnState, type OwnState } from "../testing/own-state";
import { RegistryError } from "./errors";
import { createProject } from "./registry";
import { loadMigrationsSource } from "./sources";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures");
let state: OwnState;
beforeEach(async () => {
  state = await createOwnState();
});
afterEach(async () => {
  await state.close();
});

async function refusal(folder: string): Promise<RegistryError> {
  const ctx = { ...state, sourceRoots: [FIXTURES] };
  const error = await createProject(
    ctx,
    { name: `p-${Math.random()}`, source: { kind: "folder", path: folder } },
    null,
  ).catch((e) => e);
  expect(error).toBeInstanceOf(RegistryError);
  return error;
}

it("refuses folders outside the roots, relative and missing paths; accepts one under a root", async () => {
  expect((await refusal("/etc")).code).toBe("folder_outside_roots");
  // A symlink under a root that leads outside it is outside.
  const link = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rw-roots-")), "link");
  fs.symlinkSync("/etc", link);
  expect((await refusal(link)).code).toBe("folder_outside_roots");
  expect((await refusal(path.join(FIXTURES, "../fixtures/../.."))).code).toBe("folder_outside_roots");
  expect((await refusal("fixtures/runbook-app/migrations")).code).toBe("invalid_folder");
  expect((await refusal(path.join(FIXTURES, "no-such-folder"))).code).toBe("invalid_folder");
  const created = await createProject(
    { ...state, sourceRoots: [FIXTURES] },
    { name: "ok", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } },
    null,
  );
  expect(created.folderPath).toBe(RUNBOOK_MIGRATIONS);
  expect(await state.prisma.project.count()).toBe(1);
});

it("does not read an existing project's folder that lies outside the roots", async () => {
  const project = await state.prisma.project.create({
    data: { name: "etc", sourceKind: "folder", folderPath: "/etc" },
  });
  const loaded = await loadMigrationsSource({ ...state, sourceRoots: [FIXTURES] }, project);
  expect(loaded.folder).toBeNull();
  expect(loaded.view.error).toMatch(/outside the folders Runway may read/);
  expect(loaded.view.migrationCount).toBe(0);
});
