// A demo made before it took pushed releases (a folder project on the fixture) becomes an upload project with the
// same files at the next start: its releases and its environments' states stay what they were, and pushes work.
import { afterEach, expect, it } from "vitest";
import { createProject } from "../environments/registry";
import { listReleases } from "../releases/list-releases";
import { pushRelease } from "../releases/push-release";
import { OPERATOR } from "../testing/actions-fixture";
import { filesOfDir } from "../testing/demo-fixture";
import { RUNBOOK_MIGRATIONS, RUNBOOK_MIGRATIONS_FIXED } from "../testing/migrations-fixture";
import { createOwnState, type OwnState } from "../testing/own-state";
import { loadMigrationsSource } from "../environments/sources";
import { DEMO_PROJECT, DEMO_REPO_MIGRATIONS_PATH, seedDemo } from "./seed-demo";

let state: OwnState | null = null;
afterEach(async () => {
  await state?.close();
  state = null;
});

it("an older demo reading the fixture folder becomes an upload project with the same release, and takes pushes", async () => {
  const s = (state = await createOwnState());
  const old = await createProject(
    s,
    { name: DEMO_PROJECT, source: { kind: "folder", path: RUNBOOK_MIGRATIONS } },
    null,
  );
  const before = await loadMigrationsSource(s, { id: old.id, sourceKind: "folder", folderPath: RUNBOOK_MIGRATIONS });
  expect(before.releases.map((r) => r.number)).toEqual([1]);

  expect(await seedDemo(s, "postgresql://unused.invalid/postgres", "rw_unused")).toBeNull();
  const project = await s.prisma.project.findUniqueOrThrow({ where: { id: old.id } });
  expect(project).toMatchObject({
    sourceKind: "upload",
    folderPath: null,
    repoMigrationsPath: DEMO_REPO_MIGRATIONS_PATH,
  });
  const after = await loadMigrationsSource(s, { id: old.id, sourceKind: "upload", folderPath: null });
  expect(after.view.kind).toBe("upload");
  expect(after.releases).toEqual(before.releases); // the same files: no new release
  // A second start changes nothing.
  await seedDemo(s, "postgresql://unused.invalid/postgres", "rw_unused");
  expect(await s.prisma.migrationBundle.count({ where: { projectId: old.id } })).toBe(1);

  const pushed = await pushRelease(
    s,
    { project: DEMO_PROJECT, files: await filesOfDir(RUNBOOK_MIGRATIONS_FIXED) },
    OPERATOR,
  );
  expect(pushed).toMatchObject({ created: true, release: { number: 2 } });
  expect((await listReleases(s.prisma, old.id)).map((r) => r.number)).toEqual([2, 1]);
});
