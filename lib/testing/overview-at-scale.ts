// Many environments × many migrations with real `_prisma_migrations` rows written by Prisma's engine: the set-up
// shared by the overview benchmarks (scripts/bench-overview*.ts) and the at-scale e2e spec. Deploying 1,000
// migrations 20 times is slow, so the engine deploys once into a template database that is then copied.
import pg from "pg";
import { computeChecksum } from "../migrations/checksum";
import { withDatabaseName } from "../migrations/database-url";
import { deployMigrations } from "../migrations/engine";
import { LOCKFILE_NAME, MIGRATION_FILE_NAME } from "../migrations/folder";
import type { LocalMigration, MigrationsFolder } from "../migrations/types";

const pad = (n: number, width = 4) => String(n).padStart(width, "0");

/** `20260101000001_t_0001` … : one `CREATE TABLE` each, in Prisma's (name) order. */
export function generateMigrations(count: number): LocalMigration[] {
  return Array.from({ length: count }, (_, i) => {
    const sql = `CREATE TABLE "t_${pad(i + 1)}" (id int);\n`;
    return { name: `${20260101000000 + i + 1}_t_${pad(i + 1)}`, sql, checksum: computeChecksum(sql) };
  });
}

/** The files of a `prisma/migrations` folder (path → text), as an upload or a release push sends them. */
export function toMigrationFiles(migrations: LocalMigration[]): Record<string, string> {
  const files: Record<string, string> = { [LOCKFILE_NAME]: 'provider = "postgresql"\n' };
  for (const m of migrations) files[`${m.name}/${MIGRATION_FILE_NAME}`] = m.sql;
  return files;
}

export interface ScaleLayout {
  environments: number;
  /** This environment lacks the last `pendingCount` migrations. */
  pendingEnvironment?: number;
  /** How many migrations the template has not applied when the pending and failed environments are copied. */
  pendingCount: number;
  /** In this environment, migration number `failingMigration` (1-based) failed: its table existed already. */
  failedEnvironment?: number;
  /** Must come after the first `migrations − pendingCount` (those are applied before the copy). */
  failingMigration: number;
  /** This environment also ran a hotfix migration that is not in the source (missing locally). */
  extraEnvironment?: number;
  /** This environment's database has no `_prisma_migrations` table (Not managed). */
  unmanagedEnvironment?: number;
}

export interface ScaleTargets {
  /** One database URL per environment, in layout order. */
  urls: string[];
  /** The database names, for the caller's own reporting. */
  names: string[];
  /** The failed migration's name (when the layout has one). */
  failingName: string | null;
  hotfixName: string;
  /** Whether the engine deployed once into a template that was copied, or once per environment. */
  usedTemplate: boolean;
  /** Drops every database made here (also the template). */
  drop(): Promise<void>;
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

/**
 * Makes `layout.environments` databases on the server of `serverUrl` (a superuser URL), named `${prefix}_env00`…,
 * with the rows the engine writes. `deployBudgetMs`: above this per full deploy, deploy once into a template and
 * copy it (`CREATE DATABASE … TEMPLATE`, FILE_COPY on PostgreSQL 15+); at most this, deploy into each.
 */
export async function createScaleTargets(options: {
  serverUrl: string;
  prefix: string;
  migrations: LocalMigration[];
  layout: ScaleLayout;
  deployBudgetMs?: number;
  log?: (line: string) => void;
}): Promise<ScaleTargets> {
  const { serverUrl, prefix, migrations, layout } = options;
  const log = options.log ?? (() => {});
  const folder: MigrationsFolder = {
    dir: "(generated)",
    migrations,
    lockfile: { provider: "postgresql", content: 'provider = "postgresql"\n' },
    problems: [],
  };
  const upTo = (count: number): MigrationsFolder => ({ ...folder, migrations: migrations.slice(0, count) });
  const firstStage = migrations.length - layout.pendingCount;
  if (layout.failedEnvironment !== undefined && layout.failingMigration <= firstStage)
    throw new Error("the failing migration must come after the ones applied before the copy");

  const versionNum = await (async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>("SELECT current_setting('server_version_num') AS n");
      return Number(rows[0].n);
    } finally {
      await client.end();
    }
  })();
  const created: string[] = [];
  const createDatabase = async (name: string, template?: string) => {
    // FILE_COPY (PostgreSQL 15+) copies a 1,000-table template several times faster than the default WAL_LOG.
    const strategy = template && versionNum >= 150000 ? " STRATEGY FILE_COPY" : "";
    await runSql(serverUrl, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"${strategy}` : ""}`);
    created.push(name);
    return withDatabaseName(serverUrl, name);
  };
  const drop = async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      for (const name of [...created].reverse()) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };

  try {
    const templateName = `${prefix}_tpl`;
    const templateUrl = await createDatabase(templateName);
    const started = performance.now();
    await deployMigrations(templateUrl, upTo(firstStage));
    const firstMs = performance.now() - started;
    const perDeployMs = (firstMs * migrations.length) / Math.max(1, firstStage);
    const usedTemplate = perDeployMs > (options.deployBudgetMs ?? 1500);
    log(
      `engine deploy of ${firstStage} migrations: ${firstMs.toFixed(0)} ms → ` +
        (usedTemplate ? "deploy once, copy with CREATE DATABASE … TEMPLATE" : "one deploy per environment"),
    );

    const names = Array.from({ length: layout.environments }, (_, i) => `${prefix}_env${pad(i, 2)}`);
    const urls: string[] = [];
    const copyAtFirstStage = async (i: number) => {
      if (usedTemplate) return createDatabase(names[i], templateName);
      const url = await createDatabase(names[i]);
      await deployMigrations(url, upTo(firstStage));
      return url;
    };
    if (layout.unmanagedEnvironment !== undefined)
      urls[layout.unmanagedEnvironment] = await createDatabase(names[layout.unmanagedEnvironment]);
    if (layout.pendingEnvironment !== undefined)
      urls[layout.pendingEnvironment] = await copyAtFirstStage(layout.pendingEnvironment);
    let failingName: string | null = null;
    if (layout.failedEnvironment !== undefined) {
      const i = layout.failedEnvironment;
      urls[i] = await copyAtFirstStage(i);
      // Its table made by hand first: the engine's CREATE TABLE fails, as a real deploy would (P3018, then P3009).
      await runSql(urls[i], `CREATE TABLE "t_${pad(layout.failingMigration)}" (id int);`);
      const failed = await deployMigrations(urls[i], folder).then(
        () => null,
        (error: { code?: string }) => error,
      );
      if (failed?.code !== "P3018") throw new Error(`env ${i} should have failed with P3018, got ${String(failed)}`);
      failingName = migrations[layout.failingMigration - 1].name;
    }
    await deployMigrations(templateUrl, folder);
    for (let i = 0; i < layout.environments; i++) {
      if (urls[i] !== undefined) continue;
      urls[i] = usedTemplate ? await createDatabase(names[i], templateName) : await createDatabase(names[i]);
      if (!usedTemplate) await deployMigrations(urls[i], folder);
    }
    const hotfixSql = 'CREATE TABLE "hotfix" (id int);\n';
    const hotfixName = "20270101000000_hotfix_only_in_db";
    if (layout.extraEnvironment !== undefined) {
      const withHotfix: MigrationsFolder = {
        ...folder,
        migrations: [...migrations, { name: hotfixName, sql: hotfixSql, checksum: computeChecksum(hotfixSql) }],
      };
      await deployMigrations(urls[layout.extraEnvironment], withHotfix);
    }
    return { urls, names, failingName, hotfixName, usedTemplate, drop };
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
}
