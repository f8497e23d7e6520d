// A long `_prisma_migrations` history written by Prisma's engine, for the tests and benchmarks of the environment
// page at scale: generated migrations deployed in many separate runs, one of them failing mid-run (its table made
// by hand first), resolved rolled back and applied again by a later run, and migrations left pending.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { DEPLOY_RUN_GAP_MS } from "../environments/deploy-history";
import { deployMigrations, resolveRolledBack } from "../migrations/engine";
import { MigrateError } from "../migrations/errors";
import { readMigrationsFolder } from "../migrations/folder";
import type { MigrationsFolder } from "../migrations/types";
import { waitFor } from "./wait-for";

const pad = (n: number) => String(n).padStart(4, "0");

export function scaleMigrationName(index: number): string {
  return `${20250101000000 + index}_scale_${pad(index)}`;
}

export function scaleTableName(index: number): string {
  return `scale_${pad(index)}`;
}

/** Writes `count` migrations (1-based), each creating one table with a primary key and an index. */
export function writeScaleMigrations(dir: string, count: number): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  for (let i = 1; i <= count; i++) {
    const name = scaleMigrationName(i);
    const table = scaleTableName(i);
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(
      path.join(dir, name, "migration.sql"),
      `-- CreateTable\nCREATE TABLE "${table}" (\n    "id" TEXT NOT NULL,\n    "n" INTEGER,\n\n    CONSTRAINT "${table}_pkey" PRIMARY KEY ("id")\n);\n\n-- CreateIndex\nCREATE INDEX "${table}_n_idx" ON "${table}"("n");\n`,
    );
  }
}

/** The migrations files as an upload (`{ "<name>/migration.sql": sql }`). */
export function readUploadFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory())
      files[`${entry.name}/migration.sql`] = fs.readFileSync(path.join(dir, entry.name, "migration.sql"), "utf8");
    else if (entry.name === "migration_lock.toml")
      files[entry.name] = fs.readFileSync(path.join(dir, entry.name), "utf8");
  }
  return files;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Waits until the database's clock is past the last row's end by more than the gap that separates two deploys:
 * two `migrate deploy` runs a machine makes back to back would otherwise read as one (people and CI never are
 * that quick: a CLI run alone takes longer to start).
 */
export async function waitForNextDeployWindow(url: string): Promise<void> {
  await withClient(url, (client) =>
    waitFor(
      "the database clock to pass the deploy gap",
      async () =>
        (
          await client.query<{ ok: boolean }>(
            `SELECT coalesce(now() - max(coalesce(rolled_back_at, finished_at, started_at)) > make_interval(secs => $1::float8 / 1000), true) AS ok FROM _prisma_migrations`,
            [DEPLOY_RUN_GAP_MS],
          )
        ).rows[0].ok,
      30_000,
    ),
  );
}

export interface ScaleHistoryPlan {
  /** Each run deploys up to this many migrations (cumulative, increasing); the last one is where the history stops. */
  deployUpTo: number[];
  /** This migration (1-based) fails in the run that reaches it: its table is made by hand first. */
  failAt?: number;
}

export interface ScaleHistoryResult {
  folder: MigrationsFolder;
  runs: number;
  attempts: number;
  failedMigration: string | null;
}

/**
 * Deploys `folder` in the runs of `plan` with Prisma's engine; the run reaching `failAt` fails there (P3018), the
 * failure is resolved rolled back (`migrate resolve --rolled-back`), the hand-made table dropped, and the next
 * run applies it again. Runs are separated on the database clock (waitForNextDeployWindow).
 */
export async function buildScaleHistory(url: string, dir: string, plan: ScaleHistoryPlan): Promise<ScaleHistoryResult> {
  const folder = await readMigrationsFolder(dir);
  const upTo = (count: number): MigrationsFolder => ({ ...folder, migrations: folder.migrations.slice(0, count) });
  let failedMigration: string | null = null;
  let runs = 0;
  for (const [index, count] of plan.deployUpTo.entries()) {
    if (index > 0) await waitForNextDeployWindow(url);
    const failing = plan.failAt !== undefined && failedMigration === null && count >= plan.failAt;
    const table = failing ? scaleTableName(plan.failAt!) : null;
    if (table) await withClient(url, (client) => client.query(`CREATE TABLE "${table}" (hand_made int)`));
    try {
      await deployMigrations(url, upTo(count));
      runs++;
      if (failing) throw new Error(`the run up to ${count} should have failed at ${plan.failAt}`);
    } catch (error) {
      if (!failing || !(error instanceof MigrateError) || error.code !== "P3018") throw error;
      runs++;
      failedMigration = scaleMigrationName(plan.failAt!);
      await resolveRolledBack(url, failedMigration);
      await withClient(url, (client) => client.query(`DROP TABLE "${table}"`));
    }
  }
  const attempts = await withClient(url, async (client) =>
    Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM _prisma_migrations")).rows[0].n),
  );
  return { folder, runs, attempts, failedMigration };
}
