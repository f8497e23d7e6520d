// Every state of the vocabulary, produced for real on PostgreSQL and classified.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { useTestDatabase } from "../testing/use-test-database";
import { deployMigrations, resolveApplied, resolveRolledBack } from "./engine";
import { MigrateError } from "./errors";
import { readMigrationsFolder } from "./folder";
import { readMigrationStatus } from "./status";
import { readMigrationHistory } from "./history";

const database = useTestDatabase();

const A = "20260101000000_a";
const B = "20260102000000_b";
const C = "20260103000000_c";
const ok = (table: string) => `CREATE TABLE "${table}" (id int PRIMARY KEY);\n`;
const failing = 'ALTER TABLE "Nope" ADD COLUMN x int;\n';

const stateOf = async (url: string, dir: string) => {
  const status = await readMigrationStatus(url, await readMigrationsFolder(dir));
  return Object.fromEntries(status.migrations.map((m) => [m.name, m.state]));
};

describe("classification of real histories", () => {
  it("applied and pending", async () => {
    const db = database();
    const dir = writeMigrationsFolder({ [A]: ok("A") });
    await deployMigrations(db.url, await readMigrationsFolder(dir));
    fs.mkdirSync(path.join(dir, B));
    fs.writeFileSync(path.join(dir, B, "migration.sql"), ok("B"));
    const status = await readMigrationStatus(db.url, await readMigrationsFolder(dir));
    expect(status.migrations.map((m) => m.state)).toEqual(["applied", "pending"]);
    expect(status.verdict).toMatchObject({
      health: "pending",
      pendingCount: 1,
      divergence: { kind: "database_behind", unapplied: [B] },
    });
  });

  it("applied_manually (resolve --applied on a migration never attempted: baselining)", async () => {
    const db = database();
    const dir = writeMigrationsFolder({ [A]: ok("A"), [B]: ok("B") });
    await resolveApplied(db.url, await readMigrationsFolder(dir), A);
    expect(await stateOf(db.url, dir)).toEqual({ [A]: "applied_manually", [B]: "pending" });
  });

  it("failed, then rolled_back, then re-applied: compared against the applied attempt, not the first", async () => {
    const db = database();
    const dir = writeMigrationsFolder({ [A]: ok("A"), [B]: failing });
    await deployMigrations(db.url, await readMigrationsFolder(dir)).catch(() => {});
    expect(await stateOf(db.url, dir)).toEqual({ [A]: "applied", [B]: "failed" });

    await resolveRolledBack(db.url, B);
    const rolledBack = await readMigrationStatus(db.url, await readMigrationsFolder(dir));
    expect(rolledBack.migrations[1]).toMatchObject({ state: "rolled_back", willApplyOnDeploy: true });
    expect(rolledBack.verdict.divergence).toEqual({ kind: "database_behind", unapplied: [B] });

    fs.writeFileSync(path.join(dir, B, "migration.sql"), ok("B"));
    await deployMigrations(db.url, await readMigrationsFolder(dir));
    const final = await readMigrationStatus(db.url, await readMigrationsFolder(dir));
    expect(final.migrations[1]).toMatchObject({ state: "applied", checksumMismatch: false });
    expect(final.migrations[1].attempts).toHaveLength(2);
    expect(final.verdict.health).toBe("up_to_date");
  });

  it("modified after apply, but not for a CRLF-only change", async () => {
    const db = database();
    const dir = writeMigrationsFolder({
      [A]: ok("A"),
      [B]: 'CREATE TABLE "B" (id int);\nCREATE TABLE "B2" (id int);\n',
    });
    await deployMigrations(db.url, await readMigrationsFolder(dir));
    fs.writeFileSync(
      path.join(dir, B, "migration.sql"),
      'CREATE TABLE "B" (id int);\r\nCREATE TABLE "B2" (id int);\r\n',
    );
    expect(await stateOf(db.url, dir)).toEqual({ [A]: "applied", [B]: "applied" });
    fs.writeFileSync(path.join(dir, A, "migration.sql"), 'CREATE TABLE IF NOT EXISTS "A" (id int PRIMARY KEY);\n');
    const status = await readMigrationStatus(db.url, await readMigrationsFolder(dir));
    expect(status.migrations.map((m) => m.state)).toEqual(["modified", "applied"]);
    expect(status.verdict.health).toBe("diverged");
  });

  it("missing_locally when a folder is deleted", async () => {
    const db = database();
    const dir = writeMigrationsFolder({ [A]: ok("A"), [B]: ok("B") });
    await deployMigrations(db.url, await readMigrationsFolder(dir));
    fs.rmSync(path.join(dir, B), { recursive: true });
    fs.mkdirSync(path.join(dir, C));
    fs.writeFileSync(path.join(dir, C, "migration.sql"), ok("C"));
    const status = await readMigrationStatus(db.url, await readMigrationsFolder(dir));
    expect(status.migrations.map((m) => [m.name, m.state])).toEqual([
      [A, "applied"],
      [B, "missing_locally"],
      [C, "pending"],
    ]);
    expect(status.verdict.divergence).toEqual({ kind: "diverged", lastCommon: A, unapplied: [C], missingLocally: [B] });
    expect(status.verdict.health).toBe("diverged");
  });

  it("in_progress while a deploy holds the migrate lock, failed-free afterwards", async () => {
    const db = database();
    const dir = writeMigrationsFolder({ [A]: ok("A"), [B]: "SELECT pg_sleep(4);\n" + ok("B") });
    const folder = await readMigrationsFolder(dir);
    const deploy = deployMigrations(db.url, folder);
    let seen: string | undefined;
    for (let i = 0; i < 200 && seen !== "in_progress"; i++) {
      const status = await readMigrationStatus(db.url, folder).catch(() => null);
      seen = status?.migrations.find((m) => m.name === B)?.state;
      if (seen === "in_progress") {
        expect(status!.verdict).toMatchObject({ health: "in_progress", blocked: false, inProgress: true });
        expect(status!.history.lockHolder?.applicationName).toContain("runway");
      } else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen).toBe("in_progress");
    await deploy;
    expect(await stateOf(db.url, dir)).toEqual({ [A]: "applied", [B]: "applied" });
    expect((await readMigrationHistory(db.url)).lockHolder).toBeNull();
  });

  it("a failed attempt stays failed while an idle session merely holds the lock", async () => {
    const db = database();
    const dir = writeMigrationsFolder({ [A]: failing, [B]: ok("B") });
    await deployMigrations(db.url, await readMigrationsFolder(dir)).catch(() => {});
    const holder = new pg.Client({ connectionString: db.url, application_name: "someone's psql" });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(72707369)");
      const status = await readMigrationStatus(db.url, await readMigrationsFolder(dir));
      expect(status.history.lockHolder).toMatchObject({ applicationName: "someone's psql", state: "idle" });
      expect(status.migrations[0].state).toBe("failed");
      expect(status.verdict.blocked).toBe(true);
    } finally {
      await holder.end();
    }
  });

  it("an empty database and a database without the table are not managed yet; all local migrations pending", async () => {
    const db = database();
    const dir = writeMigrationsFolder({ [A]: ok("A") });
    const empty = await readMigrationStatus(db.url, await readMigrationsFolder(dir));
    expect(empty.history.hasMigrationsTable).toBe(false);
    expect(empty.verdict.health).toBe("not_managed");
    expect(empty.migrations.map((m) => m.state)).toEqual(["pending"]);

    await db.query(`CREATE TABLE "Existing" (id int)`);
    const unmanaged = await readMigrationStatus(db.url, await readMigrationsFolder(dir));
    expect(unmanaged.history.hasMigrationsTable).toBe(false);
    // Prisma refuses to deploy onto a non-empty schema without history (P3005): baseline first.
    const error = await deployMigrations(db.url, await readMigrationsFolder(dir)).catch((e: unknown) => e);
    expect((error as MigrateError).code).toBe("P3005");
  });

  it("honours ?schema= for deploy and status", async () => {
    const db = database();
    const url = `${db.url}?schema=tenant_a`;
    const dir = writeMigrationsFolder({ [A]: ok("A") });
    await deployMigrations(url, await readMigrationsFolder(dir));
    const tables = await db.query(
      `SELECT schemaname, tablename FROM pg_tables WHERE tablename IN ('A', '_prisma_migrations') ORDER BY 2`,
    );
    expect(tables.rows).toEqual([
      { schemaname: "tenant_a", tablename: "A" },
      { schemaname: "tenant_a", tablename: "_prisma_migrations" },
    ]);
    expect((await readMigrationStatus(url, await readMigrationsFolder(dir))).verdict.health).toBe("up_to_date");
    expect((await readMigrationStatus(db.url, await readMigrationsFolder(dir))).history.hasMigrationsTable).toBe(false);
  });
});

describe("unreachable databases", () => {
  const sockets: net.Socket[] = [];
  const silent = net.createServer((socket) => sockets.push(socket)); // accepts connections and never answers
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it("a refused connection is P1001 with the host in the message", async () => {
    const error = await readMigrationHistory("postgresql://postgres@127.0.0.1:1/db").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrateError);
    expect((error as MigrateError).code).toBe("P1001");
    expect((error as MigrateError).message).toContain("127.0.0.1:1");
  });

  it("a server that never answers fails at the connect timeout, not later", async () => {
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
    const port = (silent.address() as net.AddressInfo).port;
    const started = Date.now();
    const error = await readMigrationHistory(`postgresql://postgres@127.0.0.1:${port}/db`, {
      connectTimeoutMs: 500,
    }).catch((e: unknown) => e);
    expect((error as MigrateError).code).toBe("P1001");
    expect((error as MigrateError).message).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
