import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { readMigrationStatus } from "../migrations/status";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { compareSchemas } from "./compare";
import { detectDrift } from "./drift";
import { dryRunDeploy } from "./dry-run";
import { createShadowService, listShadowDatabases, type ShadowService } from "./shadow-service";

const FIXTURE = path.resolve(import.meta.dirname, "../../fixtures/runbook-app/migrations");

describe("shadow databases", { timeout: 120_000 }, () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  const track = async <T extends TestDatabase | ShadowService>(thing: Promise<T>): Promise<T> => {
    const t = await thing;
    cleanup.push(() => ("drop" in t ? t.drop() : t.stop()));
    return t;
  };

  it("creates recognisable throwaway databases and drops each after use", async () => {
    const admin = inject("adminUrl");
    const service = await track(createShadowService({ serverUrl: admin }));
    const lease = await service.provide();
    const name = new URL(lease.url).pathname.slice(1);
    expect(name).toMatch(/^runway_shadow_[0-9a-f]{10}_\d+_[0-9a-f]{4}$/);
    expect(await listShadowDatabases(admin)).toContain(name);
    await lease.release();
    expect(await listShadowDatabases(admin)).not.toContain(name);
  });

  it("sweeps the databases of a killed process, never those of a live one", async () => {
    const admin = inject("adminUrl");
    const mine = await track(createShadowService({ serverUrl: admin }));
    const kept = await mine.provide();
    const script = `import { createShadowService } from ${JSON.stringify(path.resolve(import.meta.dirname, "shadow-service.ts"))};
      const s = await createShadowService({ serverUrl: process.env.ADMIN_URL });
      const lease = await s.provide();
      console.log(new URL(lease.url).pathname.slice(1));
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      env: { ...process.env, ADMIN_URL: admin },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const orphan = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.on("exit", (code) => reject(new Error(`child exited ${code}`)));
    });
    expect(await listShadowDatabases(admin)).toContain(orphan);
    // While its owner lives, the orphan-to-be is not swept.
    expect(await mine.sweep()).not.toContain(orphan);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    // The server notices the dead owner session on its own schedule: wait for the state, not a time.
    let swept: string[] = [];
    for (let i = 0; i < 100 && !swept.includes(orphan); i++) swept = swept.concat(await mine.sweep());
    expect(swept).toContain(orphan);
    const left = await listShadowDatabases(admin);
    expect(left).not.toContain(orphan);
    expect(left).toContain(new URL(kept.url).pathname.slice(1));
    await kept.release();
  });

  it("never touches the target: an event trigger on it records no DDL during drift, dry run and compare", async () => {
    const admin = inject("adminUrl");
    const folder = await readMigrationsFolder(FIXTURE);
    const target = await track(createTestDatabase(admin));
    const other = await track(createTestDatabase(admin));
    const service = await track(createShadowService({ serverUrl: admin }));
    await deployMigrations(target.url, { ...folder, migrations: folder.migrations.slice(0, 3) });
    await deployMigrations(other.url, { ...folder, migrations: folder.migrations.slice(0, 3) });
    await target.query(`CREATE SCHEMA ddl_audit;
      CREATE TABLE ddl_audit.log (tag text, at timestamptz DEFAULT now());
      CREATE FUNCTION ddl_audit.record() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO ddl_audit.log (tag) VALUES (tg_tag); END $$;
      CREATE EVENT TRIGGER record_ddl ON ddl_command_start EXECUTE FUNCTION ddl_audit.record();`);
    const status = await readMigrationStatus(target.url, folder);
    const drift = await detectDrift(target.url, folder, status.migrations, { shadow: service.provide });
    expect(drift.drifted).toBe(false);
    const dryRun = await dryRunDeploy(target.url, "public", folder, status, { shadow: service.provide });
    expect(dryRun.verdict).toBe("fails"); // the runbook's migration, as on prod
    await compareSchemas(target.url, other.url);
    const { rows } = await target.query("SELECT tag FROM ddl_audit.log");
    expect(rows).toEqual([]);
    // The trigger works: DDL on the target is recorded.
    await target.query("CREATE TABLE ddl_audit.probe (id int)");
    expect((await target.query("SELECT tag FROM ddl_audit.log")).rows).toEqual([{ tag: "CREATE TABLE" }]);
  });
});
