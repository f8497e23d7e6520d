// The audit writer on real PostgreSQL: the chain, append-only triggers, concurrent writers, redaction.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../actions/actor";
import { createPrisma } from "../server/db";
import { createOwnState, type OwnState } from "../testing/own-state";
import { currentAuditSealing } from "./chain-head";
import { GENESIS_HASH, sealAuditRow } from "./hash-audit";
import { recordAudit } from "./record-audit";
import { verifyAuditChain } from "./verify-audit";

const ALICE: Actor = { key: "user:alice", label: "alice@example.com", role: "operator", userId: "alice" };

let state: OwnState;
beforeEach(async () => {
  state = await createOwnState();
});
afterEach(async () => {
  await state.close();
});

async function recordSome(count: number) {
  const results = [];
  for (let i = 0; i < count; i++)
    results.push(
      await recordAudit(state.prisma, {
        event: "request",
        actor: ALICE,
        environment: { id: "env-1", name: "prod" },
        actionKind: "deploy",
        outcome: "accepted",
        arguments: { i },
        origin: { clientAddress: "10.0.0.1", userAgent: "vitest" },
      }),
    );
  return results;
}

describe("recordAudit", () => {
  it("appends a hash chain that verifies, starting from the genesis hash", async () => {
    const written = await recordSome(3);
    const rows = await state.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.seq)).toEqual(written.map((w) => w.seq));
    expect(rows[0].prevHash).toBe(GENESIS_HASH);
    expect(rows[1].prevHash).toBe(rows[0].hash);
    expect(rows[2].prevHash).toBe(rows[1].hash);
    expect(rows[0]).toMatchObject({
      actor: "user:alice",
      actorLabel: "alice@example.com",
      actorRole: "operator",
      environmentId: "env-1",
      environmentName: "prod",
      clientAddress: "10.0.0.1",
      userAgent: "vitest",
    });
    // The hash covers `at` as stored (millisecond precision survives the round trip, whatever the time zone).
    expect(sealAuditRow(currentAuditSealing().key, rows[2].prevHash, rows[2])).toBe(written[2].hash);
    expect(await verifyAuditChain(state.prisma)).toMatchObject({
      ok: true,
      checked: 3,
      firstBrokenSeq: null,
      reason: null,
      lastHash: rows[2].hash,
    });
  });

  it("verifies an empty log as intact", async () => {
    expect(await verifyAuditChain(state.prisma)).toEqual({
      ok: true,
      checked: 0,
      firstBrokenSeq: null,
      reason: null,
      lastSeq: null,
      lastHash: null,
      head: null,
    });
  });

  it("refuses UPDATE, DELETE and TRUNCATE through the app's connection and changes nothing", async () => {
    await recordSome(2);
    const before = await state.database.query(`SELECT * FROM "AuditEvent" ORDER BY seq`);
    const attempts: Array<Promise<unknown>> = [
      state.prisma.$executeRawUnsafe(`UPDATE "AuditEvent" SET message = 'edited'`),
      state.prisma.auditEvent.updateMany({ data: { message: "edited" } }),
      state.prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent"`),
      state.prisma.auditEvent.deleteMany({}),
      state.prisma.$executeRawUnsafe(`TRUNCATE "AuditEvent"`),
    ];
    for (const attempt of attempts) {
      const error = await attempt.then(
        () => null,
        (e: unknown) => e,
      );
      expect(String((error as Error)?.message)).toMatch(
        /AuditEvent is append-only: (UPDATE|DELETE|TRUNCATE) is not allowed/,
      );
    }
    expect((await state.database.query(`SELECT * FROM "AuditEvent" ORDER BY seq`)).rows).toEqual(before.rows);
    expect((await verifyAuditChain(state.prisma)).ok).toBe(true);
  });

  it("keeps 20 concurrent writers from two processes on one linear chain", async () => {
    const other = createPrisma(state.database.url);
    try {
      const clients = [state.prisma, other];
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          recordAudit(clients[i % 2], { event: "request", actor: ALICE, arguments: { i }, message: `writer ${i}` }),
        ),
      );
      expect(new Set(results.map((r) => r.seq)).size).toBe(20);
      const rows = await state.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
      expect(rows).toHaveLength(20);
      // Linear: every row links to the one before it, none shares a predecessor (no fork).
      expect(new Set(rows.map((r) => r.prevHash)).size).toBe(20);
      rows.forEach((row, i) => expect(row.prevHash).toBe(i === 0 ? GENESIS_HASH : rows[i - 1].hash));
      // seq order is time order: `at` is taken under the lock.
      rows.forEach((row, i) => i > 0 && expect(row.at.getTime()).toBeGreaterThanOrEqual(rows[i - 1].at.getTime()));
      expect(await verifyAuditChain(state.prisma, { batchSize: 7 })).toMatchObject({ ok: true, checked: 20 });
    } finally {
      await other.$disconnect();
    }
  });

  it("writes inside the caller's transaction: rolled back with it, and the seq gap it leaves is not a break", async () => {
    await recordSome(1);
    await state.prisma
      .$transaction(async (tx) => {
        await recordAudit(tx, { event: "request", actor: ALICE, outcome: "accepted" });
        throw new Error("caller fails after auditing");
      })
      .catch(() => undefined);
    expect(await state.prisma.auditEvent.count()).toBe(1);
    await state.prisma.$transaction(async (tx) => {
      await recordAudit(tx, { event: "request", actor: ALICE, outcome: "accepted" });
    });
    const rows = await state.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[1].seq - rows[0].seq).toBe(2n);
    expect(await verifyAuditChain(state.prisma)).toMatchObject({ ok: true, checked: 2 });
  });

  it("refuses a caller's REPEATABLE READ transaction, whose stale snapshot could fork the chain", async () => {
    const error = await state.prisma
      .$transaction((tx) => recordAudit(tx, { event: "request" }), { isolationLevel: "RepeatableRead" })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(String((error as Error)?.message)).toMatch(/READ COMMITTED/);
    expect(await state.prisma.auditEvent.count()).toBe(0);
  });

  it("redacts secrets in arguments, engine log and message before storing", async () => {
    await recordAudit(state.prisma, {
      event: "request",
      actor: ALICE,
      arguments: {
        databaseUrl: "postgresql://u:hunter2@h/db",
        nested: {
          url: "https://example.com",
          password: "hunter2",
          apiToken: "hunter2",
          note: "from postgres://u:hunter2@h:5432/db?schema=x",
        },
        list: ["postgresql://u:hunter2@h/db", { DATABASE_URL: "postgresql://u:hunter2@h/db" }],
        urlDisplay: "postgresql://u:****@h/db",
        when: new Date("2026-01-01T00:00:00Z"),
        big: 12n,
        missing: null,
      },
      engineLog: [
        "2026-01-01 info connecting to postgresql://admin:hunter2@db.internal:5432/prod",
        "host=db password=hunter2 dbname=prod",
      ],
      message:
        "P1000: authentication failed for postgresql://admin:hunter2@db.internal:5432/prod (password: p@ss postgresql://u:hun@ter2@h/db)",
    });
    const { rows } = await state.database.query(`SELECT * FROM "AuditEvent"`);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain("hunter2");
    expect(stored).not.toContain("ter2");
    expect(rows[0].arguments).toMatchObject({
      databaseUrl: "[redacted]",
      nested: {
        url: "[redacted]",
        password: "[redacted]",
        apiToken: "[redacted]",
        note: "from postgres://u:****@h:5432/db?schema=x",
      },
      list: ["postgresql://u:****@h/db", { DATABASE_URL: "[redacted]" }],
      urlDisplay: "postgresql://u:****@h/db",
      when: "2026-01-01T00:00:00.000Z",
      big: "12",
      missing: null,
    });
    expect(rows[0].message).toContain("postgresql://admin:****@db.internal:5432/prod");
    expect(rows[0].engineLog[1]).toBe("host=db password=**** dbname=prod");
    expect((await verifyAuditChain(state.prisma)).ok).toBe(true);
  });

  it("stores values PostgreSQL would otherwise refuse or re-encode (NUL, lone surrogates) so the hash still holds", async () => {
    await recordAudit(state.prisma, {
      event: "outcome",
      message: "a\u0000b \ud800",
      arguments: { s: "x\u0000y", bad: "\udc00" },
      durationMs: 12.6,
    });
    const row = await state.prisma.auditEvent.findFirstOrThrow();
    expect(row.message).toBe("ab \ufffd");
    expect(row.arguments).toEqual({ s: "xy", bad: "\ufffd" });
    expect(row.durationMs).toBe(13);
    expect((await verifyAuditChain(state.prisma)).ok).toBe(true);
  });
});
