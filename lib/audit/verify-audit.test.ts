// Tampering behind the triggers' back (a superuser disables them) is caught by the hash chain.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOwnState, type OwnState } from "../testing/own-state";
import { GENESIS_HASH, hashAuditRow } from "./hash-audit";
import { recordAudit } from "./record-audit";
import { verifyAuditChain } from "./verify-audit";

let state: OwnState;
let seqs: bigint[];
beforeEach(async () => {
  state = await createOwnState();
  seqs = [];
  for (let i = 0; i < 5; i++)
    seqs.push(
      (
        await recordAudit(state.prisma, {
          event: "request",
          outcome: "accepted",
          message: `event ${i}`,
          arguments: { i },
        })
      ).seq,
    );
});
afterEach(async () => {
  await state.close();
});

/** What a superuser can do: switch the append-only triggers off, tamper, switch them back on. */
async function asSuperuser(sql: string, params: unknown[] = []) {
  await state.database.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
  try {
    await state.database.query(sql, params);
  } finally {
    await state.database.query(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
  }
}

describe("verifyAuditChain", () => {
  it("reports exactly the edited row", async () => {
    await asSuperuser(`UPDATE "AuditEvent" SET message = 'nothing happened' WHERE seq = $1`, [seqs[2].toString()]);
    const result = await verifyAuditChain(state.prisma, { batchSize: 2 });
    expect(result).toMatchObject({
      ok: false,
      checked: 3,
      firstBrokenSeq: seqs[2].toString(),
      lastSeq: seqs[1].toString(),
    });
    expect(result.reason).toMatch(/changed after it was written/);
  });

  it("detects an edited JSON argument and an edited time", async () => {
    await asSuperuser(`UPDATE "AuditEvent" SET arguments = '{"i": 99}' WHERE seq = $1`, [seqs[3].toString()]);
    expect((await verifyAuditChain(state.prisma)).firstBrokenSeq).toBe(seqs[3].toString());
    await asSuperuser(`UPDATE "AuditEvent" SET at = at - interval '1 hour' WHERE seq = $1`, [seqs[1].toString()]);
    expect((await verifyAuditChain(state.prisma)).firstBrokenSeq).toBe(seqs[1].toString());
  });

  it("detects a deleted middle row at the row after it", async () => {
    await asSuperuser(`DELETE FROM "AuditEvent" WHERE seq = $1`, [seqs[2].toString()]);
    const result = await verifyAuditChain(state.prisma, { batchSize: 2 });
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: seqs[3].toString() });
    expect(result.reason).toMatch(new RegExp(`does not link to seq ${seqs[1]}`));
  });

  it("detects deleted oldest rows", async () => {
    await asSuperuser(`DELETE FROM "AuditEvent" WHERE seq = $1`, [seqs[0].toString()]);
    const result = await verifyAuditChain(state.prisma);
    expect(result).toMatchObject({ ok: false, checked: 1, firstBrokenSeq: seqs[1].toString() });
    expect(result.reason).toMatch(/oldest row/);
  });

  it("detects an edited row whose hash was recomputed with the unkeyed hash, at that row", async () => {
    const row = await state.prisma.auditEvent.findUniqueOrThrow({ where: { seq: seqs[2] } });
    const forged = hashAuditRow(row.prevHash, { ...row, message: "nothing happened" });
    await asSuperuser(`UPDATE "AuditEvent" SET message = 'nothing happened', hash = $2 WHERE seq = $1`, [
      seqs[2].toString(),
      forged,
    ]);
    const result = await verifyAuditChain(state.prisma);
    expect(result.firstBrokenSeq).toBe(seqs[2].toString());
    expect(result.reason).toMatch(/unkeyed hash after the keyed chain began/);
  });

  it("detects a well-formed row slipped in before the others", async () => {
    const at = new Date("2020-01-01T00:00:00.000Z");
    const content = {
      at,
      event: "approval",
      actor: null,
      actorLabel: null,
      actorRole: null,
      environmentId: null,
      environmentName: null,
      actionId: null,
      actionKind: null,
      outcome: "approved",
      arguments: null,
      fingerprintBefore: null,
      fingerprintAfter: null,
      engineLog: null,
      message: null,
      durationMs: null,
      clientAddress: null,
      userAgent: null,
    };
    await asSuperuser(
      `INSERT INTO "AuditEvent" (seq, at, event, outcome, "prevHash", hash) VALUES (0, $1, 'approval', 'approved', $2, $3)`,
      ["2020-01-01 00:00:00", GENESIS_HASH, hashAuditRow(GENESIS_HASH, content)],
    );
    const result = await verifyAuditChain(state.prisma);
    expect(result).toMatchObject({ ok: false, checked: 2, firstBrokenSeq: seqs[0].toString() });
  });
});
