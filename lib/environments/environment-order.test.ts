// The order of a project's environments on real PostgreSQL: set as a whole, atomic under concurrent reorders.
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Actor } from "../actions/actor";
import { RUNBOOK_MIGRATIONS } from "../testing/migrations-fixture";
import { createOwnState, type OwnState } from "../testing/own-state";
import { reorderEnvironments } from "./environment-order";
import { RegistryError } from "./errors";
import { createEnvironment, createProject, listEnvironments } from "./registry";
import { removeEnvironment } from "./remove-environments";

const ADMIN: Actor = { key: "user:admin-1", label: "admin@test", role: "admin", userId: null };
const BY = { actor: ADMIN, origin: null };
const NAMES = ["dev", "qa", "staging", "prod", "prod-eu", "prod-ap"];

let state: OwnState;
beforeEach(async () => {
  state = await createOwnState();
});
afterEach(async () => {
  await state.close();
});

async function setUp() {
  const project = await createProject(
    state,
    { name: "app", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } },
    null,
  );
  const ids: string[] = [];
  for (const name of NAMES) {
    // Never connected to: the order is Runway's own state.
    const env = await createEnvironment(
      state,
      { projectId: project.id, name, databaseUrl: "postgresql://u:p@127.0.0.1:1/x" },
      { testConnection: false },
    );
    ids.push(env.id);
  }
  return { project, ids };
}

async function currentOrder(projectId: string) {
  const envs = (await listEnvironments(state)).filter((e) => e.projectId === projectId);
  return { ids: envs.map((e) => e.id), positions: envs.map((e) => e.position) };
}

it("puts the environments in the order given, refuses an order that does not name each of them once", async () => {
  const { project, ids } = await setUp();
  expect((await currentOrder(project.id)).positions).toEqual([0, 1, 2, 3, 4, 5]);
  const reversed = [...ids].reverse();
  expect(await reorderEnvironments(state, project.id, reversed, BY)).toMatchObject({ changed: true });
  expect(await currentOrder(project.id)).toEqual({ ids: reversed, positions: [0, 1, 2, 3, 4, 5] });

  const refusals = await Promise.all(
    [ids.slice(1), [...ids, ids[0]], [...ids.slice(1), "00000000-0000-4000-8000-000000000000"]].map((order) =>
      reorderEnvironments(state, project.id, order, BY).catch((e: unknown) => e),
    ),
  );
  expect(refusals.map((e) => (e as RegistryError).code)).toEqual(["order_mismatch", "invalid_order", "order_mismatch"]);
  expect((refusals[0] as RegistryError).message).toMatch(/each of app's 6 environments once/);

  // A removed environment is not part of the order any more; a new one goes last.
  await removeEnvironment(state, reversed[0], NAMES.at(-1)!, BY);
  const remaining = reversed.slice(1);
  await expect(reorderEnvironments(state, project.id, reversed, BY)).rejects.toMatchObject({ code: "order_mismatch" });
  // The same order renumbers the positions (1…5 after the removal) once; then there is nothing to change.
  expect(await reorderEnvironments(state, project.id, remaining, BY)).toMatchObject({ changed: true });
  expect(await currentOrder(project.id)).toEqual({ ids: remaining, positions: [0, 1, 2, 3, 4] });
  expect(await reorderEnvironments(state, project.id, remaining, BY)).toMatchObject({ changed: false });
  const added = await createEnvironment(
    state,
    { projectId: project.id, name: "sandbox", databaseUrl: "postgresql://u:p@127.0.0.1:1/x" },
    { testConnection: false },
  );
  expect((await currentOrder(project.id)).ids.at(-1)).toBe(added.id);

  const audit = await state.prisma.auditEvent.findMany({ where: { event: "environments_reordered" } });
  expect(audit).toHaveLength(2);
  expect(audit[0].arguments).toMatchObject({ before: NAMES, after: [...NAMES].reverse() });
});

it("two reorders at once both succeed and leave exactly one of the two orders, never a mix", async () => {
  const { project, ids } = await setUp();
  const a = [ids[5], ids[0], ids[4], ids[1], ids[3], ids[2]];
  const b = [ids[2], ids[3], ids[1], ids[4], ids[0], ids[5]];
  for (let round = 0; round < 8; round++) {
    // Alternate who starts first, so both interleavings are tried.
    const [first, second] = round % 2 === 0 ? [a, b] : [b, a];
    const results = await Promise.allSettled([
      reorderEnvironments(state, project.id, first, BY),
      reorderEnvironments(state, project.id, second, BY),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    const after = await currentOrder(project.id);
    expect(after.positions).toEqual([0, 1, 2, 3, 4, 5]);
    expect([a.join(), b.join()]).toContain(after.ids.join());
  }
});
