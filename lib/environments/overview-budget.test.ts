// The overview answers from the last known state: a database that never answers adds nothing to its latency.
import { afterEach, describe, expect, inject, it } from "vitest";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { startBlackhole } from "../testing/blackhole";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { createOwnState } from "../testing/own-state";
import { createTestDatabase } from "../testing/test-database";
import { waitFor } from "../testing/wait-for";
import { createEnvironment, createProject } from "./registry";
import { createStatusService } from "./status-service";

let cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

describe("overview within a budget", () => {
  it("shows a hanging environment as not answering yet, then its last known state while it is read again", async () => {
    const state = await createOwnState();
    cleanups.push(() => state.close());
    const target = await createTestDatabase(inject("adminUrl"), "rw_budget_target");
    cleanups.push(() => target.drop());
    const blackhole = await startBlackhole();
    cleanups.push(() => blackhole.close());
    const dir = writeMigrationsFolder({ "20260101000000_a": "CREATE TABLE a (id int);" });
    await deployMigrations(target.url, await readMigrationsFolder(dir));
    const project = await createProject(state, { name: "app", source: { kind: "folder", path: dir } }, null);
    const healthy = await createEnvironment(state, { projectId: project.id, name: "dev", databaseUrl: target.url });
    const hole = await createEnvironment(
      state,
      {
        projectId: project.id,
        name: "prod",
        databaseUrl: `postgresql://u:p@127.0.0.1:${blackhole.port}/db`,
        connectTimeoutMs: 2000,
      },
      { testConnection: false },
    );
    const service = createStatusService(state, { ttlMs: 0, overviewBudgetMs: 300 });
    const byId = async () =>
      Object.fromEntries((await service.getOverview()).projects[0].environments.map((e) => [e.environment.id, e]));

    // The healthy one has been read before (as the monitor does); the hanging one never.
    await service.getEnvironmentStatus(healthy.id);
    // The first overview answers while the hanging read is still connecting: it did not wait for it.
    const first = await byId();
    expect(blackhole.connections()).toBe(1);
    expect(first[healthy.id]).toMatchObject({ health: "up_to_date", reachable: true });
    expect(first[hole.id]).toMatchObject({ reachable: false, refreshing: true, error: { code: "RW_NO_ANSWER_YET" } });
    // Later requests do not wait for it again: they get the same answer while the read goes on.
    expect((await byId())[hole.id]).toEqual(first[hole.id]);

    // Once its read has timed out, the overview shows that result, and keeps showing it (marked refreshing, with
    // its age in checkedAt) while the next read hangs again.
    const timedOut = await waitFor("the hanging read to time out", async () => {
      const view = (await byId())[hole.id];
      return view.error?.code !== "RW_NO_ANSWER_YET" && view;
    });
    expect(timedOut.health).toBe("unreachable");
    const connectionsBefore = blackhole.connections();
    const again = await byId();
    // …and the reads go on in the background, each request still answered at once with the last known state.
    await waitFor("another read to be connecting", async () => {
      const view = (await byId())[hole.id];
      expect(view.refreshing).toBe(true);
      return blackhole.connections() > connectionsBefore;
    });
    expect(again[hole.id]).toMatchObject({ health: "unreachable", refreshing: true, checkedAt: timedOut.checkedAt });
    expect(again[hole.id].error?.code).toBe(timedOut.error?.code);

    // A state still within its cache interval is current, not "refreshing".
    const cached = createStatusService(state, { ttlMs: 60_000, overviewBudgetMs: 300 });
    await cached.getEnvironmentStatus(healthy.id);
    await cached.getOverview();
    const current = (await cached.getOverview()).projects[0].environments.find((e) => e.environment.id === healthy.id)!;
    expect(current).toMatchObject({ health: "up_to_date" });
    expect(current.refreshing).toBeUndefined();
  });
});
