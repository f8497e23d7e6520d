// Editing an environment on real PostgreSQL (issue 10, item 6): renames unique per project, a rotated URL tested
// before it is saved and read by the next status read, protection turned off only with the name typed, the drift
// result of the old database never reused, and an audit trail of before → after without the password.
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import type { Actor } from "../actions/actor";
import { deployMigrations } from "../migrations/engine";
import { recordReading } from "../monitor/record-reading";
import { readMigrationsFolder } from "../migrations/folder";
import { createDriftService } from "../schema/drift-service";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { cloneDatabase } from "../testing/clone-database";
import { createOwnState, type OwnState } from "../testing/own-state";
import { createTestDatabase, withTestPassword, type TestDatabase } from "../testing/test-database";
import { useShadowService } from "../testing/use-shadow";
import { updateEnvironment } from "./edit-environment";
import { RegistryError } from "./errors";
import { createEnvironment, createProject, getEnvironmentTarget } from "./registry";
import { createStatusService } from "./status-service";

const ADMIN: Actor = { key: "user:admin-1", label: "admin@test", role: "admin", userId: null };
const BY = { actor: ADMIN, origin: { clientAddress: "203.0.113.9", userAgent: "vitest" } };

const MIGRATIONS = {
  "20260101000000_base": 'CREATE TABLE "Base" (id int PRIMARY KEY);',
  "20260102000000_more": 'CREATE TABLE "More" (id int PRIMARY KEY);',
  "20260103000000_last": 'ALTER TABLE "More" ADD COLUMN "note" TEXT;',
};

async function refusal(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

let state: OwnState;
let targets: TestDatabase[] = [];
let dir: string;

async function target(applied: number): Promise<TestDatabase> {
  const db = await createTestDatabase(inject("adminUrl"), "rw_edit_target");
  targets.push(db);
  const folder = await readMigrationsFolder(dir);
  await deployMigrations(db.url, { ...folder, migrations: folder.migrations.slice(0, applied) });
  return db;
}

beforeEach(async () => {
  state = await createOwnState();
  dir = writeMigrationsFolder(MIGRATIONS);
});
afterEach(async () => {
  for (const db of targets) await db.drop();
  targets = [];
  await state.close();
});

async function registerProject() {
  return createProject(state, { name: "app", source: { kind: "folder", path: dir } }, null);
}

describe("editing an environment", { timeout: 120_000 }, () => {
  it("rotates the URL only after a real connection works, and the next status read uses the new database", async () => {
    const [one, all] = [await target(1), await target(3)];
    const [oldUrl, newUrl] = [
      withTestPassword(one.url, "Old-Secret-Pw-1"),
      withTestPassword(all.url, "New-Secret-Pw-2"),
    ];
    const project = await registerProject();
    const env = await createEnvironment(state, {
      projectId: project.id,
      name: "staging",
      databaseUrl: oldUrl.url,
    });
    const statuses = createStatusService(state, { ttlMs: 60_000, overviewBudgetMs: 5_000 });
    expect(await statuses.getEnvironmentStatus(env.id)).toMatchObject({ health: "pending", pendingCount: 2 });

    // Unreachable: 422, nothing saved, the old URL still read.
    const failed = await refusal(
      updateEnvironment(
        state,
        env.id,
        { databaseUrl: "postgresql://postgres:Wrong-Pw@127.0.0.1:1/nowhere", connectTimeoutMs: 500 },
        BY,
      ),
    );
    expect(failed).toMatchObject({ kind: "unprocessable", code: "P1001" });
    expect(failed.message).toMatch(/nothing was saved/);
    expect((await getEnvironmentTarget(state, env.id)).url).toBe(oldUrl.url);
    expect((await getEnvironmentTarget(state, env.id)).environment.connectTimeoutMs).toBe(5000);
    expect((await createStatusService(state, { ttlMs: 0 }).getEnvironmentStatus(env.id)).pendingCount).toBe(2);

    // A database with another history, and a new name, in one change.
    const update = await updateEnvironment(state, env.id, { databaseUrl: newUrl.url, name: "staging-eu" }, BY);
    expect(update).toMatchObject({ changed: true, targetChanged: true });
    expect(update.environment.urlDisplay).toContain(all.name);
    expect(update.environment.urlDisplay).not.toContain(newUrl.password);
    // The route drops what this process cached about the environment (lib/server/registry-changes.ts).
    statuses.invalidate(env.id, { forget: true });
    const after = await statuses.getEnvironmentStatus(env.id);
    expect(after).toMatchObject({ health: "up_to_date", pendingCount: 0, environment: { name: "staging-eu" } });
    const overview = await statuses.getOverview();
    expect(overview.projects[0].environments.map((e) => [e.environment.name, e.health])).toEqual([
      ["staging-eu", "up_to_date"],
    ]);

    // Stored encrypted, bound to the environment's id, and never in the audit log.
    const [stored] = (await state.database.query<{ encryptedUrl: string }>(`SELECT "encryptedUrl" FROM "Environment"`))
      .rows;
    expect(stored.encryptedUrl).not.toContain(all.name);
    const audit = await state.database.query(`SELECT * FROM "AuditEvent" ORDER BY seq`);
    const json = JSON.stringify(audit.rows);
    expect(json).not.toContain(oldUrl.password);
    expect(json).not.toContain(newUrl.password);
    const row = audit.rows.find((r) => r.event === "environment_updated");
    expect(row).toMatchObject({
      environmentId: env.id,
      environmentName: "staging-eu",
      actor: "user:admin-1",
      clientAddress: "203.0.113.9",
      arguments: {
        urlRotated: true,
        before: { name: "staging", urlDisplay: expect.stringContaining(one.name) },
        after: { name: "staging-eu", urlDisplay: expect.stringContaining(all.name) },
      },
    });
    expect(row!.arguments.after.urlDisplay).toContain("****");
    expect(row!.message).toMatch(/URL rotated/);
  });

  it("keeps names unique per project, frees none by accident, and audits only real changes", async () => {
    const db = await target(3);
    const project = await registerProject();
    const other = await createProject(state, { name: "other", source: { kind: "folder", path: dir } }, null);
    const staging = await createEnvironment(state, { projectId: project.id, name: "staging", databaseUrl: db.url });
    await createEnvironment(state, { projectId: project.id, name: "prod", databaseUrl: db.url });
    await createEnvironment(state, { projectId: other.id, name: "qa", databaseUrl: db.url });

    const taken = await refusal(updateEnvironment(state, staging.id, { name: "prod" }, BY));
    expect(taken).toMatchObject({ kind: "conflict", code: "environment_exists" });
    expect(taken.message).toContain('"prod"');
    // Another project's name is not a conflict.
    expect((await updateEnvironment(state, staging.id, { name: "qa" }, BY)).environment.name).toBe("qa");
    // The same values again: nothing written, nothing audited.
    const before = await state.prisma.auditEvent.count();
    expect(await updateEnvironment(state, staging.id, { name: "qa", databaseUrl: db.url }, BY)).toMatchObject({
      changed: false,
    });
    expect(await state.prisma.auditEvent.count()).toBe(before);
    // A URL of the wrong kind: Prisma's P1013 (400), nothing saved.
    await expect(updateEnvironment(state, staging.id, { databaseUrl: "mysql://x@y/z" }, BY)).rejects.toMatchObject({
      code: "P1013",
    });
    expect((await getEnvironmentTarget(state, staging.id)).url).toBe(db.url);
  });

  it("turns protection off only with the environment's name typed, and changes timeouts and schema", async () => {
    const db = await target(3);
    const project = await registerProject();
    const prod = await createEnvironment(state, {
      projectId: project.id,
      name: "prod",
      databaseUrl: db.url,
      isProtected: true,
    });
    for (const confirmation of [undefined, "PROD", "staging"]) {
      const refused = await refusal(updateEnvironment(state, prod.id, { isProtected: false, confirmation }, BY));
      expect(refused).toMatchObject({ kind: "invalid", code: "confirmation_required" });
    }
    expect((await getEnvironmentTarget(state, prod.id)).environment.isProtected).toBe(true);
    const off = await updateEnvironment(
      state,
      prod.id,
      { isProtected: false, confirmation: "prod", statementTimeoutMs: 2000 },
      BY,
    );
    expect(off.environment).toMatchObject({ isProtected: false, statementTimeoutMs: 2000 });
    // Turning it back on needs nothing typed.
    expect((await updateEnvironment(state, prod.id, { isProtected: true }, BY)).environment.isProtected).toBe(true);

    // Another schema is another target: tested, then read there (no _prisma_migrations in it yet).
    await db.query(`CREATE SCHEMA tenant_b`);
    const moved = await updateEnvironment(state, prod.id, { schema: "tenant_b" }, BY);
    expect(moved).toMatchObject({ targetChanged: true, environment: { schema: "tenant_b" } });
    const status = await createStatusService(state, { ttlMs: 0 }).getEnvironmentStatus(prod.id);
    expect(status).toMatchObject({ hasMigrationsTable: false, health: "not_managed" });
    // Cleared: the URL's own schema (public) again.
    const back = await updateEnvironment(state, prod.id, { schema: null }, BY);
    expect(back.environment.schema).toBe("public");
    expect((await createStatusService(state, { ttlMs: 0 }).getEnvironmentStatus(prod.id)).health).toBe("up_to_date");
    const events = await state.prisma.auditEvent.findMany({ where: { event: "environment_updated" } });
    expect(events.map((e) => e.message)).toEqual([
      expect.stringContaining("protection turned off; statement timeout 10000 → 2000 ms"),
      expect.stringContaining("protected"),
      expect.stringContaining("schema public → tenant_b"),
      expect.stringContaining("schema tenant_b → public"),
    ]);
  });
});

describe("a rotated URL and the monitor", { timeout: 120_000 }, () => {
  it("starts over from a first reading of the new database: no false 'deployed' from comparing two databases", async () => {
    const [behind, ahead] = [await target(1), await target(3)];
    const project = await registerProject();
    const env = await createEnvironment(state, { projectId: project.id, name: "prod", databaseUrl: behind.url });
    const statuses = createStatusService(state, { ttlMs: 0 });
    expect(await recordReading(state.prisma, await statuses.getEnvironmentStatus(env.id))).toEqual([]);
    // A reading of the old database still running when the URL changes…
    const late = await statuses.getEnvironmentStatus(env.id);
    await updateEnvironment(state, env.id, { databaseUrl: ahead.url }, BY);
    expect(await state.prisma.monitorState.findUnique({ where: { environmentId: env.id } })).toMatchObject({
      snapshot: null,
      health: null,
    });
    // …finishes after it: ignored, it is the other database's state.
    expect(await recordReading(state.prisma, late)).toEqual([]);
    // The new database's first reading is a first reading: its two more applied migrations were not "deployed".
    const first = await statuses.getEnvironmentStatus(env.id);
    expect(first.health).toBe("up_to_date");
    expect(await recordReading(state.prisma, first)).toEqual([]);
    expect(await state.prisma.environmentEvent.count()).toBe(0);
    expect((await state.prisma.monitorState.findUnique({ where: { environmentId: env.id } }))?.health).toBe(
      "up_to_date",
    );
  });
});

describe("a rotated URL and the drift check", { timeout: 180_000 }, () => {
  const shadow = useShadowService();

  it("never reuses the old database's result, although both histories have the same fingerprint", async () => {
    // A copy of the database (a restored backup, a promoted replica): the same _prisma_migrations rows, so the same
    // fingerprint, and one table more made by hand.
    const clean = await target(3);
    const drifted = await cloneDatabase(inject("adminUrl"), clean);
    targets.push(drifted);
    await drifted.query(`CREATE TABLE "MadeByHand" (id int)`);
    const project = await registerProject();
    const env = await createEnvironment(state, { projectId: project.id, name: "prod", databaseUrl: clean.url });
    const drift = createDriftService(state, { shadow: async () => shadow().provide, workerId: "worker-1" });
    const statuses = createStatusService(state, { ttlMs: 0 });
    const fingerprint = (await statuses.getEnvironmentStatus(env.id)).fingerprint;

    expect(await drift.checkDrift(env.id)).toMatchObject({ status: "done", current: true, drifted: false });
    await updateEnvironment(state, env.id, { databaseUrl: drifted.url }, BY);

    const status = await statuses.getEnvironmentStatus(env.id);
    expect(status.fingerprint).toBe(fingerprint);
    // The stored result was the other database's: gone, not shown as current.
    expect(status.drift).toBeNull();
    expect(await drift.getDrift(env.id)).toMatchObject({ status: "never", current: false });
    // And a check (not forced) runs again rather than answering with the old result.
    const found = await drift.checkDrift(env.id);
    expect(found).toMatchObject({ status: "done", current: true, drifted: true });
    expect(found.changes).toContainEqual(expect.objectContaining({ kind: "added", object: "MadeByHand" }));
    expect((await statuses.getEnvironmentStatus(env.id)).health).toBe("drifted");
  });
});
