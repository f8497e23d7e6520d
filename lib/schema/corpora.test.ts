// The dry run's verdict against what the real deploy then does, on three real public Prisma histories.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deployMigrations, resolveApplied, resolveRolledBack } from "../migrations/engine";
import { MigrateError } from "../migrations/errors";
import { readMigrationsFolder } from "../migrations/folder";
import { readMigrationStatus } from "../migrations/status";
import type { MigrationsFolder } from "../migrations/types";
import { describeScript } from "../sql/effects";
import { cloneDatabase } from "../testing/clone-database";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { useShadowService } from "../testing/use-shadow";
import { detectDrift } from "./drift";
import { dryRunDeploy, type DryRunResult } from "./dry-run";
import { CORPORA_DIR as CORPORA } from "../testing/corpora";

const BEHIND = 5;
/** A 434-migration history replayed a few times per test: seconds on a quiet machine, much more on a busy one. */
const CORPUS_TEST_MS = 180_000;

/** What the real deploy does: the migrations it applied, or the one it failed on. */
async function realDeploy(
  url: string,
  folder: MigrationsFolder,
): Promise<{ verdict: "succeeds" | "fails"; failedMigration: string | null; applied: string[] }> {
  try {
    const { appliedMigrationNames } = await deployMigrations(url, folder);
    return { verdict: "succeeds", failedMigration: null, applied: appliedMigrationNames };
  } catch (error) {
    if (error instanceof MigrateError && error.code === "P3018")
      return { verdict: "fails", failedMigration: error.migrationName, applied: [] };
    throw error;
  }
}

function expectSameVerdict(dry: DryRunResult, real: Awaited<ReturnType<typeof realDeploy>>) {
  expect(dry.reason).toBeNull();
  expect(dry.verdict).toBe(real.verdict);
  if (real.verdict === "succeeds") expect(dry.appliedMigrationNames).toEqual(real.applied);
  else expect(dry.failure?.migrationName).toBe(real.failedMigration);
}

/** The last pending migration (not the first, where possible) creating a table, type or index that can be made by hand. */
async function findConflict(base: TestDatabase, pending: MigrationsFolder["migrations"]) {
  const candidates: Array<{ migration: string; sql: string }> = [];
  for (const m of pending) {
    const described = await describeScript(m.sql);
    if (!described.ok) continue;
    for (const s of described.statements)
      for (const e of s.effects) {
        if (e.kind !== "create" || e.ifNotExists || !e.name) continue;
        if (e.objectType === "table")
          candidates.push({ migration: m.name, sql: `CREATE TABLE "${e.name}" ("handMade" int)` });
        if (e.objectType === "type")
          candidates.push({ migration: m.name, sql: `CREATE TYPE "${e.name}" AS ENUM ('handMade')` });
        if (e.objectType === "index" && e.table) {
          const { rows } = await base.query<{ attname: string }>(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(format('%I', $1::text)) AND attnum > 0 AND NOT attisdropped LIMIT 1",
            [e.table],
          );
          if (rows[0])
            candidates.push({
              migration: m.name,
              sql: `CREATE INDEX "${e.name}" ON "${e.table}" ("${rows[0].attname}")`,
            });
        }
      }
  }
  const notFirst = candidates.filter((c) => c.migration !== pending[0].name);
  return (notFirst.length > 0 ? notFirst : candidates)[0] ?? null;
}

describe.each(["hoppscotch", "inbox-zero", "langfuse"])("the %s history", (corpus) => {
  const shadow = useShadowService();
  let folder: MigrationsFolder;
  let behind: MigrationsFolder;
  let base: TestDatabase;
  const admin = () => inject("adminUrl");
  beforeAll(async () => {
    folder = await readMigrationsFolder(path.join(CORPORA, corpus, "migrations"));
    behind = { ...folder, migrations: folder.migrations.slice(0, -BEHIND) };
    base = await createTestDatabase(admin());
    await deployMigrations(base.url, behind);
  }, CORPUS_TEST_MS);
  afterAll(async () => {
    await base?.drop();
  });

  it(
    "deploy all: the dry run succeeds as the deploy does, and the result has no drift",
    async () => {
      const db = await createTestDatabase(admin());
      try {
        const dry = await dryRunDeploy(db.url, "public", folder, await readMigrationStatus(db.url, folder), {
          shadow: shadow().provide,
        });
        expectSameVerdict(dry, await realDeploy(db.url, folder));
        expect(dry.appliedMigrationNames).toHaveLength(folder.migrations.length);
        const drift = await detectDrift(db.url, folder, (await readMigrationStatus(db.url, folder)).migrations, {
          shadow: shadow().provide,
        });
        expect(drift.sql).toBe("");
        expect(drift.drifted).toBe(false);
      } finally {
        await db.drop();
      }
    },
    CORPUS_TEST_MS,
  );

  it(
    `behind by ${BEHIND}: no drift, and the dry run succeeds as the deploy does`,
    async () => {
      const db = await cloneDatabase(admin(), base);
      try {
        const status = await readMigrationStatus(db.url, folder);
        expect(status.verdict.pendingCount).toBe(BEHIND);
        const drift = await detectDrift(db.url, folder, status.migrations, { shadow: shadow().provide });
        expect(drift.drifted).toBe(false);
        const dry = await dryRunDeploy(db.url, "public", folder, status, { shadow: shadow().provide });
        expectSameVerdict(dry, await realDeploy(db.url, folder));
      } finally {
        await db.drop();
      }
    },
    CORPUS_TEST_MS,
  );

  it(
    "failed in the middle, then rolled back: the dry run fails where the deploy fails, then succeeds once fixed",
    async () => {
      const db = await cloneDatabase(admin(), base);
      try {
        const conflict = await findConflict(db, folder.migrations.slice(-BEHIND));
        expect(conflict).not.toBeNull();
        await db.query(conflict!.sql);
        const dry = await dryRunDeploy(db.url, "public", folder, await readMigrationStatus(db.url, folder), {
          shadow: shadow().provide,
        });
        const real = await realDeploy(db.url, folder);
        expect(real).toMatchObject({ verdict: "fails", failedMigration: conflict!.migration });
        expectSameVerdict(dry, real);
        expect(dry.driftApplied).toBe(true); // the hand-made object reached the shadow through the drift
        await resolveRolledBack(db.url, conflict!.migration);
        await db.query(conflict!.sql.replace(/^CREATE (TABLE|TYPE|INDEX) ("[^"]+").*$/, "DROP $1 $2"));
        const again = await dryRunDeploy(db.url, "public", folder, await readMigrationStatus(db.url, folder), {
          shadow: shadow().provide,
        });
        expectSameVerdict(again, await realDeploy(db.url, folder));
        expect(again.verdict).toBe("succeeds");
      } finally {
        await db.drop();
      }
    },
    CORPUS_TEST_MS,
  );

  it(
    "resolved --applied while its objects are missing: drift names them, and the dry run matches the deploy",
    async () => {
      const db = await cloneDatabase(admin(), base);
      try {
        const skipped = folder.migrations.at(-BEHIND)!;
        await resolveApplied(db.url, folder, skipped.name);
        const status = await readMigrationStatus(db.url, folder);
        const drift = await detectDrift(db.url, folder, status.migrations, { shadow: shadow().provide });
        const described = await describeScript(skipped.sql);
        const schemaChanging =
          described.ok &&
          described.statements.some((s) =>
            s.effects.some((e) => ["create", "drop", "alter", "rename"].includes(e.kind)),
          );
        if (schemaChanging) {
          expect(drift.drifted).toBe(true);
          expect(drift.changes.length).toBeGreaterThan(0);
        }
        const dry = await dryRunDeploy(db.url, "public", folder, status, { shadow: shadow().provide });
        expectSameVerdict(dry, await realDeploy(db.url, folder));
      } finally {
        await db.drop();
      }
    },
    CORPUS_TEST_MS,
  );
});
