// Projects, environments and status through lib/ on real PostgreSQL (Runway's state and real targets).
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { RUNBOOK_FAILING, RUNBOOK_MIGRATIONS } from "../testing/migrations-fixture";
import { createOwnState, type OwnState } from "../testing/own-state";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { DEMO_PROJECT, seedDemo } from "../demo/seed-demo";
import { RegistryError } from "./errors";
import { createEnvironment, createProject, getEnvironmentTarget, listEnvironments, uploadBundle } from "./registry";
import { decodeMatrix } from "./overview-matrix";
import { createStatusService } from "./status-service";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";

let state: OwnState;
const targets: TestDatabase[] = [];
beforeEach(async () => {
  state = await createOwnState();
});
afterEach(async () => {
  await state.close();
  for (const t of targets.splice(0)) await t.drop();
});

async function target(): Promise<TestDatabase> {
  const db = await createTestDatabase(inject("adminUrl"));
  targets.push(db);
  return db;
}

function readFolderFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory())
      files[`${entry.name}/migration.sql`] = fs.readFileSync(path.join(dir, entry.name, "migration.sql"), "utf8");
    else files[entry.name] = fs.readFileSync(path.join(dir, entry.name), "utf8");
  }
  return files;
}

describe("environments registry", () => {
  it("encrypts the URL at rest and never returns it", async () => {
    const db = await target();
    const project = await createProject(
      state,
      { name: "app", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } },
      null,
    );
    const secretUrl = db.url.replace("postgresql://postgres", "postgresql://postgres:hunter2-secret");
    const env = await createEnvironment(
      state,
      { projectId: project.id, name: "prod", databaseUrl: secretUrl, schema: "public" },
      { testConnection: false },
    );
    expect(JSON.stringify(env)).not.toContain("hunter2");
    expect(env.urlDisplay).toContain("****");
    const stored = await state.database.query(`SELECT "encryptedUrl", "urlDisplay" FROM "Environment"`);
    expect(JSON.stringify(stored.rows)).not.toContain("hunter2");
    expect((await getEnvironmentTarget(state, env.id)).url).toContain("hunter2-secret");
    expect(JSON.stringify(await listEnvironments(state))).not.toContain("hunter2");
  });

  it("tests the connection before saving and saves nothing when it fails", async () => {
    const project = await createProject(
      state,
      { name: "app", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } },
      null,
    );
    const refused = await createEnvironment(state, {
      projectId: project.id,
      name: "prod",
      databaseUrl: "postgresql://u:p@127.0.0.1:1/x",
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RegistryError);
    expect((refused as RegistryError).code).toBe("P1001");
    const wrongKind = await createEnvironment(state, {
      projectId: project.id,
      name: "prod",
      databaseUrl: "mysql://u:p@h/x",
    }).catch((e: unknown) => e);
    expect((wrongKind as { code: string }).code).toBe("P1013");
    expect(await state.prisma.environment.count()).toBe(0);
  });

  it("refuses an upload that is not a migrations folder or is too large, and versions good uploads", async () => {
    const files = readFolderFiles(RUNBOOK_MIGRATIONS);
    const notMigrations = await createProject(
      state,
      { name: "x", source: { kind: "upload", files: { "README.md": "hi" } } },
      null,
    ).catch((e: unknown) => e);
    expect((notMigrations as RegistryError).code).toBe("not_a_migrations_folder");
    const hostile = await createProject(
      state,
      { name: "x", source: { kind: "upload", files: { "../../etc/migration.sql": "x" } } },
      null,
    ).catch((e: unknown) => e);
    expect((hostile as RegistryError).code).toBe("not_a_migrations_folder");
    const huge = await createProject(
      state,
      {
        name: "x",
        source: { kind: "upload", files: { "20260101000000_a/migration.sql": "x".repeat(2 * 1024 * 1024) } },
      },
      null,
    ).catch((e: unknown) => e);
    expect((huge as RegistryError).code).toBe("bundle_too_large");
    expect(await state.prisma.project.count()).toBe(0);

    const project = await createProject(state, { name: "uploaded", source: { kind: "upload", files } }, null);
    expect(project.latestBundle).toMatchObject({ version: 1, migrationCount: 5 });
    const second = await uploadBundle(
      state,
      project.id,
      { ...files, "20260201000000_more/migration.sql": "SELECT 1;" },
      null,
    );
    expect(second).toMatchObject({ version: 2, migrationCount: 6 });
  });
});

describe("status service", () => {
  it("reads the runbook's prod as blocked, an unreachable one as unreachable, and caches reads", async () => {
    const db = await target();
    await deployMigrations(db.url, await readMigrationsFolder(RUNBOOK_MIGRATIONS)).catch(() => {});
    const project = await createProject(
      state,
      { name: "app", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } },
      null,
    );
    const prod = await createEnvironment(state, { projectId: project.id, name: "prod", databaseUrl: db.url });
    const gone = await createEnvironment(
      state,
      { projectId: project.id, name: "gone", databaseUrl: "postgresql://u:p@127.0.0.1:1/x", connectTimeoutMs: 500 },
      { testConnection: false },
    );
    const service = createStatusService(state, { ttlMs: 60_000 });
    const [a, b] = await Promise.all([service.getEnvironmentStatus(prod.id), service.getEnvironmentStatus(prod.id)]);
    expect(a).toBe(b);
    expect(service.readCounts.get(prod.id)).toBe(1);
    expect(a).toMatchObject({ reachable: true, blocked: true, health: "blocked" });
    expect(a.migrations.find((m) => m.name === RUNBOOK_FAILING)?.logs).toContain("ConnectedAccount");

    const overview = await service.getOverview();
    expect(service.readCounts.get(prod.id)).toBe(1);
    const envs = overview.projects[0].environments;
    expect(envs.map((e) => [e.environment.name, e.health])).toEqual([
      ["prod", "blocked"],
      ["gone", "unreachable"],
    ]);
    expect(envs[1].error?.code).toBe("P1001");
    const matrix = decodeMatrix(overview.projects[0].matrix);
    expect(matrix.environmentIds).toEqual([prod.id, gone.id]);
    expect(matrix.rows.find((r) => r.name === RUNBOOK_FAILING)?.states).toEqual(["failed", null]);
    expect(JSON.stringify(overview)).not.toMatch(/postgresql:\/\/u:p@/);

    const detail = await service.getMigrationDetail(prod.id, RUNBOOK_FAILING);
    expect(detail.sql).toContain("ConnectedAccount");
    await expect(service.getMigrationDetail(prod.id, "../../etc/passwd")).rejects.toThrow(RegistryError);
  });

  it("seeds the demo: dev clean, staging behind by one, prod blocked by P3009", async () => {
    const serverUrl = inject("adminUrl");
    const prefix = `rw_demo_${Date.now().toString(36)}`;
    try {
      expect(await seedDemo(state, serverUrl, prefix)).toEqual({ projectName: DEMO_PROJECT });
      expect(await seedDemo(state, serverUrl, prefix)).toBeNull();
      const overview = await createStatusService(state, { ttlMs: 0 }).getOverview();
      const envs = overview.projects[0].environments;
      expect(envs.map((e) => [e.environment.name, e.health, e.pendingCount])).toEqual([
        ["dev", "up_to_date", 0],
        ["staging", "pending", 1],
        ["prod", "blocked", 1],
      ]);
      expect(envs[2].environment.isProtected).toBe(true);
      expect(envs[2].blockedMessage).toContain(RUNBOOK_FAILING);
    } finally {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      for (const env of ["dev", "staging", "prod"])
        await admin.query(`DROP DATABASE IF EXISTS "${prefix}_${env}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
