// Action tests: Runway's state, a target database failing like the runbook's prod, registered as an environment.
import fs from "node:fs";
import { inject } from "vitest";
import { createEnvironment, createProject } from "../environments/registry";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { readMigrationStatus } from "../migrations/status";
import type { ActionsContext } from "../actions/context";
import type { Actor } from "../actions/actor";
import { CONNECTED_ACCOUNT_SQL, RUNBOOK_MIGRATIONS } from "./migrations-fixture";
import { createOwnState, type OwnState } from "./own-state";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const OPERATOR: Actor = { key: "user:op-1", label: "op@test", role: "operator", userId: null };
export const SECOND_OPERATOR: Actor = { key: "user:op-2", label: "op2@test", role: "operator", userId: null };

export interface ActionsFixture {
  state: OwnState;
  target: TestDatabase;
  ctx: ActionsContext & { queued: string[] };
  environmentId: string;
  fingerprint(): Promise<string>;
  createConnectedAccount(): Promise<void>;
  close(): Promise<void>;
}

/** A failed runbook deploy on a fresh target, registered (protected or not) in a fresh Runway state. */
export async function createActionsFixture(
  options: { isProtected?: boolean; migrationsDir?: string; prepare?: (targetUrl: string) => Promise<void> } = {},
): Promise<ActionsFixture> {
  const state = await createOwnState();
  const target = await createTestDatabase(inject("adminUrl"), "rw_action_target");
  const dir = options.migrationsDir ?? RUNBOOK_MIGRATIONS;
  if (options.prepare) await options.prepare(target.url);
  else await deployMigrations(target.url, await readMigrationsFolder(dir)).catch(() => {});
  const project = await createProject(state, { name: "app", source: { kind: "folder", path: dir } }, null);
  const env = await createEnvironment(state, {
    projectId: project.id,
    name: "prod",
    databaseUrl: target.url,
    isProtected: options.isProtected ?? false,
  });
  const queued: string[] = [];
  const ctx = { ...state, queued, enqueue: async (id: string) => void queued.push(id) };
  return {
    state,
    target,
    ctx,
    environmentId: env.id,
    fingerprint: async () => (await readMigrationStatus(target.url, await readMigrationsFolder(dir))).fingerprint,
    createConnectedAccount: async () => void (await target.query(fs.readFileSync(CONNECTED_ACCOUNT_SQL, "utf8"))),
    async close() {
      await target.drop();
      await state.close();
    },
  };
}
