// Drift checks stored per environment: cached against the fingerprint, shown as health, taken over from a dead worker.
import { afterEach, describe, expect, it } from "vitest";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { createStatusService } from "../environments/status-service";
import { createActionsFixture, OPERATOR, type ActionsFixture } from "../testing/actions-fixture";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { useShadowService } from "../testing/use-shadow";
import { requestAction } from "../actions/request-action";
import { runAction } from "../actions/run-action";
import { createDriftService } from "./drift-service";

let fixture: ActionsFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

describe("drift checks per environment", { timeout: 120_000 }, () => {
  const shadow = useShadowService();

  it("is cached against the fingerprint, shown as health on the status and the overview, and re-run after an action", async () => {
    const dir = writeMigrationsFolder({
      "20260101000000_base": 'CREATE TABLE "Base" (id int PRIMARY KEY);',
      "20260102000000_more": 'CREATE TABLE "More" (id int PRIMARY KEY);',
      "20260103000000_last": 'ALTER TABLE "More" ADD COLUMN "note" TEXT;',
    });
    const folder = await readMigrationsFolder(dir);
    const f = (fixture = await createActionsFixture({
      migrationsDir: dir,
      prepare: (url) => deployMigrations(url, { ...folder, migrations: folder.migrations.slice(0, 2) }).then(() => {}),
    }));
    const drift = createDriftService(f.state, { shadow: async () => shadow().provide, workerId: "worker-1" });
    const statuses = createStatusService(f.state, { ttlMs: 0 });

    expect(await drift.getDrift(f.environmentId)).toMatchObject({ status: "never", current: false, drifted: null });
    expect((await statuses.getEnvironmentStatus(f.environmentId)).drift).toBeNull();

    const clean = await drift.checkDrift(f.environmentId);
    expect(clean).toMatchObject({ status: "done", current: true, drifted: false, sql: "", changes: [] });
    expect(await statuses.getEnvironmentStatus(f.environmentId)).toMatchObject({
      health: "pending",
      drift: { status: "done", current: true, drifted: false },
    });

    // A column added by hand: the stored check stands for this fingerprint until a forced (on demand) check.
    await f.target.query(`ALTER TABLE "Base" ADD COLUMN "byHand" TEXT`);
    expect((await drift.checkDrift(f.environmentId)).drifted).toBe(false);
    const found = await drift.checkDrift(f.environmentId, { force: true });
    expect(found).toMatchObject({ status: "done", current: true, drifted: true });
    expect(found.changes).toContainEqual(
      expect.objectContaining({ kind: "added", objectType: "column", object: "Base.byHand" }),
    );
    expect(found.sql).toContain('"byHand"');
    const status = await statuses.getEnvironmentStatus(f.environmentId);
    expect(status).toMatchObject({ health: "drifted", drift: { drifted: true, current: true, changeCount: 1 } });
    const overview = await statuses.getOverview();
    expect(overview.projects[0].environments[0]).toMatchObject({ health: "drifted", drift: { drifted: true } });

    // An action changes the fingerprint: the stored check is no longer current, and health stops claiming drift.
    const asked = await requestAction(
      f.ctx,
      { environmentId: f.environmentId, kind: "deploy", expectedFingerprint: status.fingerprint! },
      OPERATOR,
      null,
    );
    await runAction(f.ctx, asked.id, "test-worker");
    const after = await statuses.getEnvironmentStatus(f.environmentId);
    expect(after).toMatchObject({ health: "up_to_date", drift: { current: false } });
    const again = await drift.checkDrift(f.environmentId);
    expect(again).toMatchObject({ current: true, drifted: true });
    expect((await statuses.getEnvironmentStatus(f.environmentId)).health).toBe("drifted");
  });

  it("takes over a check left running by a dead worker, never one a live worker is running", async () => {
    const dir = writeMigrationsFolder({ "20260101000000_base": 'CREATE TABLE "Base" (id int PRIMARY KEY);' });
    const f = (fixture = await createActionsFixture({ migrationsDir: dir }));
    const drift = createDriftService(f.state, {
      shadow: async () => shadow().provide,
      workerId: "worker-2",
      staleMs: 60_000,
    });
    await f.state.prisma.schemaDriftCheck.create({
      data: { environmentId: f.environmentId, key: "x", status: "running", runBy: "alive", startedAt: new Date() },
    });
    expect(await drift.checkDrift(f.environmentId)).toMatchObject({
      status: "running",
      progress: { phase: "starting" },
    });
    await f.state.prisma.schemaDriftCheck.update({
      where: { environmentId: f.environmentId },
      data: { runBy: "dead", startedAt: new Date(Date.now() - 120_000) },
    });
    expect(await drift.checkDrift(f.environmentId)).toMatchObject({ status: "done", current: true, drifted: false });
  });
});
