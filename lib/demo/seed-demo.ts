// The demo on first run: the runbook's app in three environments on the same server as Runway's own state.
// dev is clean, staging is one migration behind, prod is stuck on P3009 exactly as in the incident. The project
// takes pushed releases (an upload project), so the runbook can be finished from Runway: its first release is the
// migrations as they failed in prod, and pushing fixtures/runbook-app/migrations-fixed ships the fix.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { computeBundleChecksum } from "../environments/bundles";
import {
  createEnvironment,
  createProject,
  displayWithoutSecrets,
  type RegistryContext,
} from "../environments/registry";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import type { MigrationsFolder } from "../migrations/types";
import { withDatabaseName } from "../migrations/database-url";
import { recordRelease } from "../releases/record-release";
import { filesOfFolder } from "../releases/release-files";
import { decryptSecret, encryptSecret } from "../server/secrets";

export const DEMO_PROJECT = "Demo app (runbook P3009)";
const FIXTURE = path.resolve(import.meta.dirname, "../../fixtures/runbook-app");
/** Where the runbook's app keeps its migrations (`--schema=./packages/prisma/schema.prisma`): the patches' paths. */
export const DEMO_REPO_MIGRATIONS_PATH = "packages/prisma/migrations";
/** How the demo's first release says what it is. */
export const DEMO_FIRST_RELEASE_MESSAGE =
  "As deployed when prod failed: 20260115000006 alters ConnectedAccount, a table prod never had (P3018, then P3009)";

async function recreateDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabaseName(serverUrl, "postgres") });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

async function runSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const upTo = (folder: MigrationsFolder, count: number): MigrationsFolder => ({
  ...folder,
  migrations: folder.migrations.slice(0, count),
});

/** Creates the demo once (skipped when the project exists). Returns null when nothing was done. */
export async function seedDemo(
  ctx: RegistryContext,
  serverUrl: string,
  prefix = "runway_demo",
): Promise<{ projectName: string } | null> {
  const existing = await ctx.prisma.project.findFirst({ where: { name: DEMO_PROJECT, archivedAt: null } });
  if (existing) {
    await acceptPushesOnOlderDemo(ctx, existing);
    return null;
  }
  if (await demoExists(ctx, prefix)) return null;
  const migrationsDir = path.join(FIXTURE, "migrations");
  const folder = await readMigrationsFolder(migrationsDir);
  const handMade = fs.readFileSync(path.join(FIXTURE, "connected-account.sql"), "utf8");
  const urls = { dev: "", staging: "", prod: "" };
  for (const env of Object.keys(urls) as Array<keyof typeof urls>) {
    const name = `${prefix}_${env}`;
    await recreateDatabase(serverUrl, name);
    urls[env] = withDatabaseName(serverUrl, name);
  }
  // After the first migration, dev and staging got ConnectedAccount by hand; prod never did, so the migration
  // fails there. (Before any migration it would be P3005: Prisma refuses a non-empty schema without history.)
  for (const env of ["dev", "staging", "prod"] as const) await deployMigrations(urls[env], upTo(folder, 1));
  await runSql(urls.dev, handMade);
  await runSql(urls.staging, handMade);
  await deployMigrations(urls.dev, folder);
  await deployMigrations(urls.staging, upTo(folder, folder.migrations.length - 1));
  await deployMigrations(urls.prod, folder).catch(() => {}); // P3018, as in production

  const files = filesOfFolder(folder);
  const project = await createProject(
    ctx,
    { name: DEMO_PROJECT, source: { kind: "upload", files }, repoMigrationsPath: DEMO_REPO_MIGRATIONS_PATH },
    null,
  );
  await recordRelease(ctx.prisma, project.id, files, {
    origin: "upload",
    branch: "main",
    message: DEMO_FIRST_RELEASE_MESSAGE,
    createdByLabel: "Runway demo",
  });
  await createEnvironment(ctx, { projectId: project.id, name: "dev", databaseUrl: urls.dev, position: 0 });
  await createEnvironment(ctx, { projectId: project.id, name: "staging", databaseUrl: urls.staging, position: 1 });
  await createEnvironment(ctx, {
    projectId: project.id,
    name: "prod",
    databaseUrl: urls.prod,
    position: 2,
    isProtected: true,
  });
  return { projectName: DEMO_PROJECT };
}

/**
 * A demo made before it took pushed releases reads the fixture folder on the server: it becomes an upload project
 * with the same files (so its releases and its environments' states do not change), ready for the fix to be pushed.
 */
async function acceptPushesOnOlderDemo(
  ctx: RegistryContext,
  project: { id: string; sourceKind: string; folderPath: string | null; repoMigrationsPath: string | null },
): Promise<void> {
  const migrationsDir = path.join(FIXTURE, "migrations");
  if (project.sourceKind !== "folder" || path.resolve(project.folderPath ?? "") !== migrationsDir) return;
  const files = filesOfFolder(await readMigrationsFolder(migrationsDir));
  await ctx.prisma.$transaction(async (tx) => {
    const latest = await tx.migrationBundle.findFirst({
      where: { projectId: project.id },
      orderBy: { version: "desc" },
    });
    await tx.migrationBundle.create({
      data: {
        projectId: project.id,
        version: (latest?.version ?? 0) + 1,
        files,
        checksum: computeBundleChecksum(files),
        migrationCount: Object.keys(files).filter((f) => f.endsWith("/migration.sql")).length,
      },
    });
    await tx.project.update({
      where: { id: project.id },
      data: {
        sourceKind: "upload",
        folderPath: null,
        repoMigrationsPath: project.repoMigrationsPath ?? DEMO_REPO_MIGRATIONS_PATH,
      },
    });
  });
}

/**
 * The demo was made once already: a project of its name (also a removed one: removing the demo keeps it away), or an
 * environment on one of its databases (a renamed demo: seeding again would recreate the databases it reads).
 */
async function demoExists(ctx: RegistryContext, prefix: string): Promise<boolean> {
  if (await ctx.prisma.project.findFirst({ where: { name: DEMO_PROJECT }, select: { id: true } })) return true;
  const onDemoDatabase = await ctx.prisma.environment.findFirst({
    where: { OR: ["dev", "staging", "prod"].map((env) => ({ urlDisplay: { endsWith: `/${prefix}_${env}` } })) },
    select: { id: true },
  });
  return onDemoDatabase !== null;
}

/**
 * The demo's databases live on the server that holds Runway's own state. When that server comes back on another
 * port (the embedded one takes a free port when 5433 is busy) or with another password, the demo environments
 * are pointed at it again: same database names, the server's current address and credentials.
 * Returns how many environments were updated.
 */
export async function refreshDemoTargets(ctx: RegistryContext, serverUrl: string): Promise<number> {
  const project = await ctx.prisma.project.findFirst({
    where: { name: DEMO_PROJECT, archivedAt: null },
    include: { environments: true },
  });
  if (!project) return 0;
  let updated = 0;
  for (const environment of project.environments.filter((env) => env.archivedAt === null)) {
    let current: string;
    try {
      current = decryptSecret(environment.encryptedUrl, ctx.secretKey, environment.id);
    } catch {
      continue; // shown as undecryptable; nothing to follow
    }
    const database = new URL(current).pathname.slice(1);
    const next = withDatabaseName(serverUrl, decodeURIComponent(database));
    if (next === withDatabaseName(current, decodeURIComponent(database))) continue;
    await ctx.prisma.environment.update({
      where: { id: environment.id },
      data: {
        encryptedUrl: encryptSecret(next, ctx.secretKey, environment.id),
        urlDisplay: displayWithoutSecrets(next).display,
      },
    });
    updated += 1;
  }
  return updated;
}
