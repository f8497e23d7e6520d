// The founding incident (shared/seed/runbook-p3009.en.md), end to end through the core on real PostgreSQL.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CONNECTED_ACCOUNT_SQL,
  RUNBOOK_FAILING,
  RUNBOOK_MIGRATIONS,
  RUNBOOK_MIGRATIONS_FIXED,
} from "../testing/migrations-fixture";
import { useTestDatabase } from "../testing/use-test-database";
import { deployMigrations, resolveApplied, resolveRolledBack } from "./engine";
import { MigrateError } from "./errors";
import { readMigrationsFolder } from "./folder";
import { readMigrationStatus } from "./status";

const database = useTestDatabase();

async function expectMigrateError(promise: Promise<unknown>, code: string): Promise<MigrateError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrateError);
  expect((error as MigrateError).code).toBe(code);
  return error as MigrateError;
}

async function failLikeProduction(url: string) {
  const folder = await readMigrationsFolder(RUNBOOK_MIGRATIONS);
  const error = await expectMigrateError(deployMigrations(url, folder), "P3018");
  expect(error.migrationName).toBe(RUNBOOK_FAILING);
  return folder;
}

describe("runbook P3009", () => {
  it("failed deploy → blocked → resolve rolled back → idempotent fix → deploy → all applied", async () => {
    const db = database();
    const folder = await failLikeProduction(db.url);

    // The failure is recorded with the database's own error, and the environment reads blocked.
    const failed = await readMigrationStatus(db.url, folder);
    const failing = failed.migrations.find((m) => m.name === RUNBOOK_FAILING)!;
    expect(failing.state).toBe("failed");
    expect(failing.current?.logs).toContain('relation "ConnectedAccount" does not exist');
    expect(failing.current?.logs).toContain("42P01");
    expect(failed.verdict.blocked).toBe(true);
    expect(failed.verdict.health).toBe("blocked");
    expect(failed.verdict.blockedMessage).toContain(`The \`${RUNBOOK_FAILING}\` migration started at`);
    expect(failed.migrations.map((m) => m.state)).toEqual(["applied", "applied", "applied", "failed", "pending"]);
    // The failed script left nothing behind: it ran as one transaction.
    const column = await db.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'ConnectedAccount' AND column_name = 'metadataJson'`,
    );
    expect(column.rowCount).toBe(0);

    // Deploy now refuses with P3009 and writes nothing.
    const before = await db.query("SELECT count(*)::int AS n FROM _prisma_migrations");
    const blocked = await expectMigrateError(deployMigrations(db.url, folder), "P3009");
    expect(blocked.message).toContain(RUNBOOK_FAILING);
    const after = await db.query("SELECT count(*)::int AS n FROM _prisma_migrations");
    expect(after.rows[0].n).toBe(before.rows[0].n);

    // Step 1 of the runbook: migrate resolve --rolled-back.
    await resolveRolledBack(db.url, RUNBOOK_FAILING);
    const rolledBack = await readMigrationStatus(db.url, folder);
    const retried = rolledBack.migrations.find((m) => m.name === RUNBOOK_FAILING)!;
    expect(retried.state).toBe("rolled_back");
    expect(retried.willApplyOnDeploy).toBe(true);
    expect(rolledBack.verdict.blocked).toBe(false);
    expect(rolledBack.verdict.pendingCount).toBe(2);

    // Step 2: the idempotent migrations, then migrate deploy.
    const fixed = await readMigrationsFolder(RUNBOOK_MIGRATIONS_FIXED);
    const deployed = await deployMigrations(db.url, fixed);
    expect(deployed.appliedMigrationNames).toEqual([RUNBOOK_FAILING, "20260120000000_add_message_reactions"]);

    // Verification: nothing failed or pending. The two migrations rewritten after they were applied read as
    // modified, as the runbook warns; the retried one compares against its applied row and is clean.
    const final = await readMigrationStatus(db.url, fixed);
    expect(final.verdict.blocked).toBe(false);
    expect(final.verdict.pendingCount).toBe(0);
    expect(Object.fromEntries(final.migrations.map((m) => [m.name, m.state]))).toEqual({
      "20260110000000_init": "applied",
      "20260115000000_add_message_status_tracking": "modified",
      "20260115000003_add_unified_inbox": "modified",
      [RUNBOOK_FAILING]: "applied",
      "20260120000000_add_message_reactions": "applied",
    });
    expect(final.migrations.find((m) => m.name === RUNBOOK_FAILING)!.attempts).toHaveLength(2);
  });

  it("the alternative: the change is completed by hand, then resolve --applied, then deploy", async () => {
    const db = database();
    const folder = await failLikeProduction(db.url);

    // The operator creates the table and runs the migration's statements by hand.
    await db.query(fs.readFileSync(CONNECTED_ACCOUNT_SQL, "utf8"));
    await db.query(folder.migrations.find((m) => m.name === RUNBOOK_FAILING)!.sql);
    await resolveApplied(db.url, folder, RUNBOOK_FAILING);

    const resolved = await readMigrationStatus(db.url, folder);
    const failing = resolved.migrations.find((m) => m.name === RUNBOOK_FAILING)!;
    expect(failing.state).toBe("applied_manually");
    expect(failing.attempts.map((a) => a.rolledBackAt !== null)).toEqual([true, false]);
    expect(resolved.verdict.blocked).toBe(false);

    const deployed = await deployMigrations(db.url, folder);
    expect(deployed.appliedMigrationNames).toEqual(["20260120000000_add_message_reactions"]);
    const final = await readMigrationStatus(db.url, folder);
    expect(final.verdict.health).toBe("up_to_date");
  });
});
