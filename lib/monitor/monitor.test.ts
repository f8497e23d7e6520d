// The monitor for real: pg-boss in Runway's state database, real target databases, two processes.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import PgBoss from "pg-boss";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createEnvironment, createProject } from "../environments/registry";
import { createStatusService } from "../environments/status-service";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { createOwnState, type OwnState } from "../testing/own-state";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { waitFor } from "../testing/wait-for";
import { startMonitor, type Monitor } from "./monitor";
import { readMonitorSettings, setMonitorInterval } from "./monitor-settings";
import type { RecordedEvent } from "./record-reading";

const A = "20260101000000_a";
const B = "20260102000000_b";

let cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function ownState(): Promise<OwnState> {
  const state = await createOwnState();
  cleanups.push(() => state.close());
  return state;
}

async function targetDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase(inject("adminUrl"), "rw_monitor_target");
  cleanups.push(() => db.drop());
  return db;
}

async function startBoss(url: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, schema: "pgboss", max: 3 });
  boss.on("error", () => {});
  await boss.start();
  cleanups.push(() => boss.stop({ graceful: false, wait: true }));
  return boss;
}

function spawnMonitorProcess(state: OwnState, reads: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("lib/testing/monitor-process.ts")], {
    env: {
      ...process.env,
      RUNWAY_STATE_URL: state.database.url,
      RUNWAY_SECRET_KEY: state.secretKey.toString("base64"),
      MONITOR_INTERVAL_S: "1",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanups.push(
    () =>
      new Promise((resolve) =>
        child.exitCode !== null ? resolve(null) : (child.once("exit", resolve), child.kill("SIGTERM")),
      ),
  );
  let buffered = "";
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`monitor process exited (${code})`)));
    child.stdout!.on("data", (chunk) => {
      buffered += String(chunk);
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === "ready") resolve(child);
        else if (line.startsWith("read ")) reads.push(line.slice(5));
      }
    });
  });
}

describe("monitor", () => {
  it("two processes read every environment exactly once per interval", async () => {
    const state = await ownState();
    const target = await targetDatabase();
    const dir = writeMigrationsFolder({ [A]: 'CREATE TABLE "A" (id int);' });
    const project = await createProject(state, { name: "app", source: { kind: "folder", path: dir } }, null);
    const ids: string[] = [];
    for (const name of ["dev", "staging", "prod"])
      ids.push((await createEnvironment(state, { projectId: project.id, name, databaseUrl: target.url })).id);

    const reads: string[] = [];
    await Promise.all([spawnMonitorProcess(state, reads), spawnMonitorProcess(state, reads)]);
    await waitFor(
      "five intervals of readings",
      () => ids.every((id) => reads.filter((r) => r.startsWith(id)).length >= 5),
      30_000,
    );

    for (const id of ids) {
      const slots = reads.filter((r) => r.startsWith(`${id} `)).map((r) => BigInt(r.split(" ")[1]));
      // No slot read twice, and none skipped between the first and the last.
      expect(new Set(slots).size).toBe(slots.length);
      const sorted = [...slots].sort((a, b) => (a < b ? -1 : 1));
      expect(Number(sorted.at(-1)! - sorted[0]) + 1).toBe(slots.length);
    }
  });

  it("records source changed, a failed deploy made outside Runway, recovery and a deploy as events", async () => {
    const state = await ownState();
    const target = await targetDatabase();
    const dir = writeMigrationsFolder({ [A]: 'CREATE TABLE "A" (id int);' });
    await deployMigrations(target.url, await readMigrationsFolder(dir));
    const project = await createProject(state, { name: "app", source: { kind: "folder", path: dir } }, null);
    const env = await createEnvironment(state, {
      projectId: project.id,
      name: "prod",
      databaseUrl: target.url,
      isProtected: true,
    });
    const status = createStatusService(state, { ttlMs: 0 });
    const events: RecordedEvent[] = [];
    const boss = await startBoss(state.database.url);
    const monitor: Monitor = await startMonitor({
      prisma: state.prisma,
      boss,
      readStatus: (id) => status.refreshStatus(id),
      defaultIntervalSeconds: 1,
      tickMs: 200,
      onEvents: (e) => void events.push(...e),
      log: () => {},
    });
    cleanups.push(() => monitor.stop());
    const readCount = async () =>
      (await state.prisma.monitorState.findUnique({ where: { environmentId: env.id } }))?.readCount ?? 0;
    await waitFor("the first reading", async () => (await readCount()) >= 1);
    expect(events).toEqual([]);

    // A new migration in the folder, failing on the target (the table it alters does not exist).
    fs.mkdirSync(path.join(dir, B));
    fs.writeFileSync(path.join(dir, B, "migration.sql"), 'ALTER TABLE "Missing" ADD COLUMN x int;');
    await waitFor("source changed", () => events.some((e) => e.kind === "source_changed"));
    expect(events.find((e) => e.kind === "source_changed")!.details.migrations).toEqual([B]);

    await deployMigrations(target.url, await readMigrationsFolder(dir)).catch(() => {});
    const failed = await waitFor("the failure", () => events.find((e) => e.kind === "failed"));
    expect(failed).toMatchObject({
      environmentId: env.id,
      isProtected: true,
      details: { migrations: [B], toHealth: "blocked" },
    });
    expect(failed.message).toContain("blocked");

    // Fixed by hand: marked rolled back, the migration corrected and deployed outside Runway.
    await target.query(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '${B}'`);
    fs.writeFileSync(path.join(dir, B, "migration.sql"), 'ALTER TABLE "A" ADD COLUMN x int;');
    await waitFor(
      "resolved and recovered",
      () => events.some((e) => e.kind === "resolved") && events.some((e) => e.kind === "recovered"),
    );
    await deployMigrations(target.url, await readMigrationsFolder(dir));
    const deployed = await waitFor("the deploy", () => events.find((e) => e.kind === "deployed"));
    expect(deployed.details).toMatchObject({ migrations: [B], via: "outside" });

    const stored = await state.prisma.environmentEvent.findMany({
      where: { environmentId: env.id },
      orderBy: { id: "asc" },
    });
    expect(stored.map((e) => e.kind)).toEqual(["source_changed", "failed", "resolved", "recovered", "deployed"]);
  });

  it("an unreachable environment becomes an event, and its recovery another", async () => {
    const state = await ownState();
    const target = await targetDatabase();
    const dir = writeMigrationsFolder({ [A]: 'CREATE TABLE "A" (id int);' });
    await deployMigrations(target.url, await readMigrationsFolder(dir));
    const project = await createProject(state, { name: "app", source: { kind: "folder", path: dir } }, null);
    const env = await createEnvironment(state, { projectId: project.id, name: "dev", databaseUrl: target.url });
    const status = createStatusService(state, { ttlMs: 0 });
    const events: RecordedEvent[] = [];
    const boss = await startBoss(state.database.url);
    const monitor = await startMonitor({
      prisma: state.prisma,
      boss,
      readStatus: (id) => status.refreshStatus(id),
      defaultIntervalSeconds: 1,
      tickMs: 200,
      onEvents: (e) => void events.push(...e),
      log: () => {},
    });
    cleanups.push(() => monitor.stop());
    await waitFor(
      "the first reading",
      async () =>
        (await state.prisma.monitorState.findUnique({ where: { environmentId: env.id } }))?.health === "up_to_date",
    );
    const admin = new pg.Client({ connectionString: inject("adminUrl") });
    await admin.connect();
    cleanups.push(() => admin.end());
    await admin.query(`ALTER DATABASE "${target.name}" WITH ALLOW_CONNECTIONS false`);
    const down = await waitFor("unreachable", () => events.find((e) => e.kind === "unreachable"));
    expect(down.details.error?.code).toBeTruthy();
    await admin.query(`ALTER DATABASE "${target.name}" WITH ALLOW_CONNECTIONS true`);
    await waitFor("recovered", () => events.find((e) => e.kind === "recovered"));
  });
});

describe("monitor intervals", () => {
  it("reads each environment on its own interval", async () => {
    const state = await ownState();
    const target = await targetDatabase();
    const dir = writeMigrationsFolder({ [A]: 'CREATE TABLE "A" (id int);' });
    const project = await createProject(state, { name: "app", source: { kind: "folder", path: dir } }, null);
    const fast = await createEnvironment(state, { projectId: project.id, name: "dev", databaseUrl: target.url });
    const slow = await createEnvironment(state, { projectId: project.id, name: "prod", databaseUrl: target.url });
    // prod: once an hour; dev: the default, every second.
    await setMonitorInterval(state.prisma, slow.id, 3600, 1);
    const status = createStatusService(state, { ttlMs: 0 });
    const boss = await startBoss(state.database.url);
    const monitor = await startMonitor({
      prisma: state.prisma,
      boss,
      readStatus: (id) => status.refreshStatus(id),
      defaultIntervalSeconds: 1,
      tickMs: 200,
      log: () => {},
    });
    cleanups.push(() => monitor.stop());
    const readsOf = async (id: string) =>
      (await state.prisma.monitorState.findUnique({ where: { environmentId: id } }))?.readCount ?? 0;
    await waitFor("three readings of dev", async () => (await readsOf(fast.id)) >= 3);
    expect(await readsOf(slow.id)).toBe(1);
    expect(await readMonitorSettings(state.prisma, slow.id, 1)).toMatchObject({
      intervalSeconds: 3600,
      lastHealth: expect.any(String),
    });
  });
});
