// Deploying a chosen release through the real engine: an older release applies only its migrations, the default
// applies the newest, and a release that is not the one the operator picked is refused.
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, inject, it } from "vitest";
import { readFreshState, type ActionsContext } from "../actions/context";
import { requestAction } from "../actions/request-action";
import { runAction } from "../actions/run-action";
import { createEnvironment, createProject } from "../environments/registry";
import { createOwnState, type OwnState } from "../testing/own-state";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { OPERATOR } from "../testing/actions-fixture";
import { listReleases } from "./list-releases";

let state: OwnState;
let target: TestDatabase;
beforeEach(async () => {
  state = await createOwnState();
  target = await createTestDatabase(inject("adminUrl"), "rw_release_target");
});
afterEach(async () => {
  await target.drop();
  await state.close();
});

async function appliedNames(): Promise<string[]> {
  const rows = await target.query<{ migration_name: string }>(
    'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY 1',
  );
  return rows.rows.map((r) => r.migration_name);
}

it("deploying release #1 applies only its migration; the default deploy then applies the newest; a changed release is refused", async () => {
  const dir = writeMigrationsFolder({ "20260101000000_a": 'CREATE TABLE "a" (id int);\n' });
  const project = await createProject(state, { name: "app", source: { kind: "folder", path: dir } }, null);
  const env = await createEnvironment(state, { projectId: project.id, name: "prod", databaseUrl: target.url });
  const queued: string[] = [];
  const ctx: ActionsContext = { ...state, enqueue: async (id) => void queued.push(id) };
  await readFreshState(ctx, env.id); // the folder read: release #1
  fs.mkdirSync(path.join(dir, "20260102000000_b"));
  fs.writeFileSync(path.join(dir, "20260102000000_b", "migration.sql"), 'CREATE TABLE "b" (id int);\n');
  const fresh = await readFreshState(ctx, env.id); // release #2
  const releases = await listReleases(state.prisma, project.id);
  expect(releases.map((r) => r.number)).toEqual([2, 1]);
  const first = releases[1];

  // A checksum that is not release #1's: refused, nothing queued.
  await expect(
    requestAction(
      ctx,
      {
        environmentId: env.id,
        kind: "deploy",
        expectedFingerprint: fresh.status.fingerprint,
        release: 1,
        releaseChecksum: "0".repeat(64),
      },
      OPERATOR,
      null,
    ),
  ).rejects.toMatchObject({ code: "stale_release" });
  expect(queued).toEqual([]);

  const accepted = await requestAction(
    ctx,
    {
      environmentId: env.id,
      kind: "deploy",
      expectedFingerprint: fresh.status.fingerprint,
      release: 1,
      releaseChecksum: first.checksum,
    },
    OPERATOR,
    null,
  );
  expect(await runAction(ctx, accepted.id, "test-worker")).toBe(true);
  const action = await state.prisma.action.findUniqueOrThrow({ where: { id: accepted.id } });
  expect(action).toMatchObject({ status: "succeeded", releaseNumber: 1, releaseChecksum: first.checksum });
  expect(await appliedNames()).toEqual(["20260101000000_a"]);

  const next = await readFreshState(ctx, env.id);
  const newest = await requestAction(
    ctx,
    { environmentId: env.id, kind: "deploy", expectedFingerprint: next.status.fingerprint },
    OPERATOR,
    null,
  );
  expect(await runAction(ctx, newest.id, "test-worker")).toBe(true);
  expect(await state.prisma.action.findUniqueOrThrow({ where: { id: newest.id } })).toMatchObject({
    status: "succeeded",
    releaseNumber: null,
    releaseChecksum: releases[0].checksum,
  });
  expect(await appliedNames()).toEqual(["20260101000000_a", "20260102000000_b"]);
});
