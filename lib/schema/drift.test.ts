import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deployMigrations, resolveApplied } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { readMigrationStatus } from "../migrations/status";
import type { MigrationsFolder } from "../migrations/types";
import { cloneDatabase } from "../testing/clone-database";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { useShadowService } from "../testing/use-shadow";
import { compareSchemas } from "./compare";
import { detectDrift } from "./drift";
import { CORPORA_DIR as CORPORA } from "../testing/corpora";

const RUNBOOK = path.resolve(import.meta.dirname, "../../fixtures/runbook-app");

describe("drift: hand-made changes are detected and named", { timeout: 120_000 }, () => {
  const shadow = useShadowService();
  let folder: MigrationsFolder;
  let base: TestDatabase;
  beforeAll(async () => {
    folder = await readMigrationsFolder(path.join(CORPORA, "hoppscotch/migrations"));
    base = await createTestDatabase(inject("adminUrl"));
    await deployMigrations(base.url, folder);
  });
  afterAll(async () => {
    await base?.drop();
  });

  async function driftAfter(sql: string) {
    const db = await cloneDatabase(inject("adminUrl"), base);
    try {
      if (sql) await db.query(sql);
      const status = await readMigrationStatus(db.url, folder);
      return await detectDrift(db.url, folder, status.migrations, { shadow: shadow().provide });
    } finally {
      await db.drop();
    }
  }
  const named = (drift: Awaited<ReturnType<typeof driftAfter>>) =>
    drift.changes.map((c) => `${c.kind} ${c.objectType} ${c.object}`);

  it("finds nothing on the clean database", async () => {
    const drift = await driftAfter("");
    expect(drift).toMatchObject({
      drifted: false,
      sql: "",
      changes: [],
      replayFailures: [],
      replayedCount: folder.migrations.length,
    });
  });

  it.each([
    ["an added column", `ALTER TABLE "Team" ADD COLUMN "handMade" TEXT`, "added column Team.handMade"],
    ["a dropped column", `ALTER TABLE "User" DROP COLUMN "photoURL"`, "removed column User.photoURL"],
    ["a changed type", `ALTER TABLE "Team" ALTER COLUMN "name" TYPE VARCHAR(80)`, "changed column Team.name"],
    ["an index made by hand", `CREATE INDEX "Team_name_by_hand" ON "Team" ("name")`, "added index Team_name_by_hand"],
    [
      "a dropped constraint",
      `ALTER TABLE "TeamMember" DROP CONSTRAINT "TeamMember_teamID_fkey"`,
      "removed constraint TeamMember.TeamMember_teamID_fkey",
    ],
    ["an added enum value", `ALTER TYPE "TeamAccessRole" ADD VALUE 'AUDITOR'`, "TeamAccessRole"],
    ["a new table", `CREATE TABLE "HandMade" (id int PRIMARY KEY)`, "added table HandMade"],
  ])("%s", async (_label, sql, expected) => {
    const drift = await driftAfter(sql);
    expect(drift.drifted).toBe(true);
    expect(drift.sql).not.toBe("");
    expect(
      named(drift).some((n) => n.includes(expected)),
      named(drift).join("; "),
    ).toBe(true);
  });
});

describe("drift on the runbook's environments", { timeout: 120_000 }, () => {
  const shadow = useShadowService();
  it("names ConnectedAccount in dev (made by hand) and what prod lacks after a resolve --applied", async () => {
    const admin = inject("adminUrl");
    const folder = await readMigrationsFolder(path.join(RUNBOOK, "migrations"));
    const upTo = (n: number) => ({ ...folder, migrations: folder.migrations.slice(0, n) });
    const [dev, staging, prod] = await Promise.all([
      createTestDatabase(admin),
      createTestDatabase(admin),
      createTestDatabase(admin),
    ]);
    try {
      for (const db of [dev, staging, prod]) await deployMigrations(db.url, upTo(3));
      const handMade = fs.readFileSync(path.join(RUNBOOK, "connected-account.sql"), "utf8");
      await dev.query(handMade);
      await staging.query(handMade);
      await deployMigrations(dev.url, folder);
      await deployMigrations(staging.url, upTo(4));

      const devDrift = await detectDrift(dev.url, folder, (await readMigrationStatus(dev.url, folder)).migrations, {
        shadow: shadow().provide,
      });
      expect(devDrift.drifted).toBe(true);
      // The history does not replay from empty: the runbook's migration needs the hand-made table.
      expect(devDrift.replayFailures.map((f) => f.migrationName)).toEqual(["20260115000006_add_meta_oauth_metadata"]);
      expect(devDrift.replayFailures[0].message).toContain('relation "ConnectedAccount" does not exist');
      // Replayed without it, the rest of the history matches: the one difference is the hand-made table.
      expect(devDrift.changes.map((c) => `${c.kind} ${c.objectType} ${c.object}`)).toEqual([
        "added table ConnectedAccount",
      ]);

      // prod: the failing migration marked applied without running: its objects are missing, and drift says so.
      await resolveApplied(prod.url, folder, "20260115000006_add_meta_oauth_metadata");
      await deployMigrations(prod.url, folder);
      const prodStatus = await readMigrationStatus(prod.url, folder);
      expect(prodStatus.verdict.health).toBe("up_to_date");
      const prodDrift = await detectDrift(prod.url, folder, prodStatus.migrations, { shadow: shadow().provide });
      expect(prodDrift.drifted).toBe(true);
      expect(prodDrift.replayFailures.map((f) => f.migrationName)).toEqual(["20260115000006_add_meta_oauth_metadata"]);

      // Compare: ConnectedAccount in dev and staging, absent in prod.
      for (const withTable of [dev, staging]) {
        const compared = await compareSchemas(withTable.url, prod.url);
        expect(compared.identical).toBe(false);
        expect(compared.changes).toContainEqual(
          expect.objectContaining({ kind: "removed", objectType: "table", object: "ConnectedAccount" }),
        );
        expect(compared.sql).toContain('DROP TABLE "ConnectedAccount"');
      }
      const reverse = await compareSchemas(prod.url, dev.url);
      expect(reverse.changes).toContainEqual(
        expect.objectContaining({ kind: "added", objectType: "table", object: "ConnectedAccount" }),
      );
      expect((await compareSchemas(dev.url, dev.url)).identical).toBe(true);
    } finally {
      await Promise.all([dev.drop(), staging.drop(), prod.drop()]);
    }
  });
});

describe("drift after the runbook's rewrite", { timeout: 120_000 }, () => {
  const shadow = useShadowService();
  it("names what a re-runnable rewrite skipped on prod: the migration reads applied, its column and index are missing", async () => {
    const db = await createTestDatabase(inject("adminUrl"));
    try {
      // The runbook's rewrite, deployed where ConnectedAccount never existed: it skips silently.
      const fixed = await readMigrationsFolder(path.join(RUNBOOK, "migrations-fixed"));
      await deployMigrations(db.url, fixed);
      const status = await readMigrationStatus(db.url, fixed);
      expect(status.verdict.health).toBe("up_to_date");
      const drift = await detectDrift(db.url, fixed, status.migrations, { shadow: shadow().provide });
      expect(drift.drifted).toBe(true);
      expect(drift.replayFailures).toEqual([]);
      expect(drift.changes.map((c) => `${c.kind} ${c.objectType} ${c.object}`)).toEqual([
        "removed column ConnectedAccount.metadataJson",
        "removed index ConnectedAccount_provider_providerAccountId_key",
      ]);
      expect(drift.changes[0].statement).toContain("20260115000006_add_meta_oauth_metadata");
    } finally {
      await db.drop();
    }
  });
});
