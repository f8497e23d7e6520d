// The job queue for real: pg-boss in Runway's state database, a worker in another process, killed mid-deploy.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import PgBoss from "pg-boss";
import { afterEach, describe, expect, it } from "vitest";
import { createActionsFixture, OPERATOR, type ActionsFixture } from "../testing/actions-fixture";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { readMigrationHistory } from "../migrations/history";
import { readMigrationStatus } from "../migrations/status";
import { computePreflight } from "./preflight";
import { requestAction } from "./request-action";
import { startActionWorker, type ActionWorker } from "./worker";

const A = "20260101000000_a";
const SLOW = "20260102000000_slow";

let fixture: ActionsFixture | null = null;
let child: ChildProcess | null = null;
let worker: ActionWorker | null = null;
let sender: PgBoss | null = null;
afterEach(async () => {
  child?.kill("SIGKILL");
  await worker?.stop();
  await sender?.stop({ graceful: false, wait: true });
  await fixture?.close();
  fixture = child = worker = sender = null;
});

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("action worker", () => {
  it("runs a queued action from pg-boss and streams the engine log", async () => {
    const f = (fixture = await createActionsFixture());
    worker = await startActionWorker(f.state, {
      databaseUrl: f.state.database.url,
      pollingIntervalSeconds: 0.5,
      log: () => {},
    });
    const asked = await requestAction(
      worker.context,
      {
        environmentId: f.environmentId,
        kind: "resolve_rolled_back",
        migration: "20260115000006_add_meta_oauth_metadata",
        expectedFingerprint: await f.fingerprint(),
      },
      OPERATOR,
      null,
    );
    const done = await waitFor("the action to finish", async () => {
      const a = await f.state.prisma.action.findUniqueOrThrow({ where: { id: asked.id }, include: { logLines: true } });
      return ["succeeded", "failed"].includes(a.status) && a;
    });
    expect(done.status).toBe("succeeded");
    expect(done.workerId).toBe(worker.workerId);
    expect(done.logLines.length).toBeGreaterThan(1);
  });

  it("a dashboard killed mid-deploy: interrupted after restart, the migrate lock gone, the truth shown, resolve offered", async () => {
    const dir = writeMigrationsFolder({
      [A]: 'CREATE TABLE "A" (id int);',
      [SLOW]: 'CREATE TABLE "Slow" (id int);\nSELECT pg_sleep(60);\n',
    });
    const folder = await readMigrationsFolder(dir);
    const f = (fixture = await createActionsFixture({
      migrationsDir: dir,
      prepare: (url) => deployMigrations(url, { ...folder, migrations: folder.migrations.slice(0, 1) }).then(() => {}),
    }));
    // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that SIGKILL would not reach.
    child = spawn(process.execPath, ["--import", "tsx", path.resolve("lib/testing/action-worker-process.ts")], {
      env: {
        ...process.env,
        RUNWAY_STATE_URL: f.state.database.url,
        RUNWAY_SECRET_KEY: f.state.secretKey.toString("base64"),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await waitFor(
      "the worker process",
      () => new Promise<boolean>((resolve) => child!.stdout!.once("data", (d) => resolve(String(d).includes("ready")))),
    );
    sender = new PgBoss({
      connectionString: f.state.database.url,
      schema: "pgboss",
      supervise: false,
      schedule: false,
    });
    await sender.start();
    const ctx = {
      ...f.state,
      enqueue: async (id: string) => void (await sender!.send("runway-actions", { actionId: id }, { retryLimit: 0 })),
    };
    const asked = await requestAction(
      ctx,
      { environmentId: f.environmentId, kind: "deploy", expectedFingerprint: await f.fingerprint() },
      OPERATOR,
      null,
    );

    await waitFor("the slow migration to be running", async () => {
      const status = await readMigrationStatus(f.target.url, folder);
      return status.migrations.find((m) => m.name === SLOW)?.state === "in_progress";
    });
    child.kill("SIGKILL");

    // PostgreSQL notices the lost client, rolls the script back and drops Prisma's lock.
    await waitFor(
      "the migrate lock to be released",
      async () => (await readMigrationHistory(f.target.url)).lockHolder === null,
    );
    // "Restart": a new dashboard process sweeps actions whose worker stopped beating.
    worker = await startActionWorker(f.state, { databaseUrl: f.state.database.url, staleMs: 3_000, log: () => {} });
    const action = await waitFor("the action to be marked interrupted", async () => {
      const a = await f.state.prisma.action.findUniqueOrThrow({ where: { id: asked.id } });
      return a.status === "interrupted" && a;
    });
    expect(action.error).toMatchObject({ code: "interrupted" });
    expect(await f.state.prisma.environmentActionLock.count()).toBe(0);

    const status = await readMigrationStatus(f.target.url, folder);
    expect(status.migrations.find((m) => m.name === SLOW)?.state).toBe("failed");
    expect((await f.target.query(`SELECT to_regclass('"Slow"') AS t`)).rows[0].t).toBeNull();
    const preflight = await computePreflight({
      kind: "resolve_rolled_back",
      migrationName: SLOW,
      environment: { id: f.environmentId, name: "prod", isProtected: false },
      status,
      folder,
      openAction: null,
    });
    expect(preflight.allowed).toBe(true);
    expect(preflight.rowChanges).toHaveLength(1);
  }, 90_000);
});
