// The chain against a database superuser (issue 13, item 2): deleting the newest rows, or editing a row and
// re-sealing the rest with any key but Runway's, is caught by /api/audit/verify's check. Before the keyed MAC and
// the head outside the database, both left verification at ok: true.
import fs from "node:fs";
import crypto from "node:crypto";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createOwnState, type OwnState } from "../testing/own-state";
import { chainFile, currentAuditSealing, readChainHead } from "./chain-head";
import { GENESIS_HASH, hashAuditRow, sealAuditRow } from "./hash-audit";
import { recordAudit } from "./record-audit";
import { verifyAuditChain } from "./verify-audit";

let state: OwnState;
let seqs: bigint[];
beforeEach(async () => {
  state = await createOwnState();
  seqs = [];
  for (let i = 0; i < 6; i++)
    seqs.push((await recordAudit(state.prisma, { event: "request", outcome: "accepted", message: `event ${i}` })).seq);
});
afterEach(async () => {
  await state.close();
});

async function asSuperuser(statements: Array<[string, unknown[]]>) {
  await state.database.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
  try {
    for (const [sql, params] of statements) await state.database.query(sql, params);
  } finally {
    await state.database.query(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
  }
}

/** Edits one row, then recomputes every hash from it on with `hash` (what an attacker with SQL access can do). */
async function rewriteFrom(seq: bigint, hash: (prevHash: string, row: Parameters<typeof hashAuditRow>[1]) => string) {
  await asSuperuser([[`UPDATE "AuditEvent" SET message = 'nothing happened' WHERE seq = $1`, [seq.toString()]]]);
  const rows = await state.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
  let prev = GENESIS_HASH;
  const updates: Array<[string, unknown[]]> = [];
  for (const row of rows) {
    if (row.seq >= seq) {
      const rehashed = hash(prev, row);
      updates.push([
        `UPDATE "AuditEvent" SET "prevHash" = $2, hash = $3 WHERE seq = $1`,
        [row.seq.toString(), prev, rehashed],
      ]);
      prev = rehashed;
    } else prev = row.hash;
  }
  // hash is UNIQUE: clear the rewritten rows' hashes first.
  await asSuperuser([[`UPDATE "AuditEvent" SET hash = 'tmp-' || seq WHERE seq >= $1`, [seq.toString()]], ...updates]);
}

it("records the head outside the database after each append", async () => {
  const head = readChainHead(
    chainFile(currentAuditSealing(), {
      database: state.database.name,
      port: (await state.database.query("SHOW port")).rows[0].port,
    }),
  );
  const newest = await state.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
  expect(head).toMatchObject({ seq: newest.seq.toString(), hash: newest.hash });
  expect(await verifyAuditChain(state.prisma)).toMatchObject({
    ok: true,
    checked: 6,
    head: { seq: newest.seq.toString() },
  });
});

it("detects the newest rows deleted", async () => {
  await asSuperuser([[`DELETE FROM "AuditEvent" WHERE seq >= $1`, [seqs[4].toString()]]]);
  const result = await verifyAuditChain(state.prisma);
  expect(result).toMatchObject({
    ok: false,
    checked: 4,
    firstBrokenSeq: seqs[5].toString(),
    lastSeq: seqs[3].toString(),
  });
  expect(result.reason).toMatch(/rows were removed from its end/);
});

it("detects every row deleted (TRUNCATE)", async () => {
  await state.database.query(`TRUNCATE "AuditEvent"`).catch(() => {}); // refused by the trigger
  await asSuperuser([[`DELETE FROM "AuditEvent"`, []]]);
  expect(await verifyAuditChain(state.prisma)).toMatchObject({
    ok: false,
    checked: 0,
    firstBrokenSeq: seqs[5].toString(),
  });
});

it("detects a row edited and the rest re-hashed with Runway's old unkeyed hash", async () => {
  await rewriteFrom(seqs[2], hashAuditRow);
  const result = await verifyAuditChain(state.prisma);
  expect(result).toMatchObject({ ok: false, firstBrokenSeq: seqs[2].toString() });
});

it("detects a row edited and the rest re-sealed with a guessed key", async () => {
  const guessed = crypto.randomBytes(32);
  await rewriteFrom(seqs[2], (prev, row) => sealAuditRow(guessed, prev, row));
  const result = await verifyAuditChain(state.prisma);
  expect(result).toMatchObject({ ok: false, firstBrokenSeq: seqs[2].toString() });
  expect(result.reason).toMatch(/no longer matches its MAC/);
});

it("detects the last rows deleted and the new tail re-sealed even with the right key, through the head", async () => {
  // Worst case: the attacker also has the key but not the data folder. The chain verifies row by row; the head does not match.
  const { key } = currentAuditSealing();
  await asSuperuser([[`DELETE FROM "AuditEvent" WHERE seq >= $1`, [seqs[3].toString()]]]);
  await rewriteFrom(seqs[1], (prev, row) => sealAuditRow(key, prev, row));
  expect(await verifyAuditChain(state.prisma)).toMatchObject({ ok: false, firstBrokenSeq: seqs[5].toString() });
});

it("keeps legacy (unkeyed) rows verifiable, sealed by the first keyed row after them", async () => {
  const legacy = await createOwnState();
  try {
    // Two rows as the previous scheme wrote them, then a keyed append.
    let prev = GENESIS_HASH;
    for (const [i, at] of [new Date("2026-01-01T00:00:00Z"), new Date("2026-01-02T00:00:00Z")].entries()) {
      const content = {
        at,
        event: "request",
        actor: null,
        actorLabel: null,
        actorRole: null,
        environmentId: null,
        environmentName: null,
        actionId: null,
        actionKind: null,
        outcome: "accepted",
        arguments: null,
        fingerprintBefore: null,
        fingerprintAfter: null,
        engineLog: null,
        message: `old ${i}`,
        durationMs: null,
        clientAddress: null,
        userAgent: null,
      };
      const hash = hashAuditRow(prev, content);
      await legacy.prisma.auditEvent.create({
        data: { ...content, arguments: undefined, engineLog: undefined, prevHash: prev, hash },
      });
      prev = hash;
    }
    expect(await verifyAuditChain(legacy.prisma)).toMatchObject({ ok: true, checked: 2, head: null });
    await recordAudit(legacy.prisma, { event: "audit_chain_keyed" });
    expect(await verifyAuditChain(legacy.prisma)).toMatchObject({ ok: true, checked: 3 });
    // Re-hashing a legacy row now breaks the keyed row's link.
    await legacy.database.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
    const [first] = await legacy.prisma.auditEvent.findMany({ orderBy: { seq: "asc" }, take: 1 });
    await legacy.database.query(`UPDATE "AuditEvent" SET message = 'edited', hash = $2 WHERE seq = $1`, [
      first.seq.toString(),
      hashAuditRow(GENESIS_HASH, { ...first, message: "edited" }),
    ]);
    await legacy.database.query(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
    expect(await verifyAuditChain(legacy.prisma)).toMatchObject({ ok: false });
  } finally {
    await legacy.close();
  }
});

it("fails when the keyed chain's head is missing from the data folder", async () => {
  const file = chainFile(currentAuditSealing(), {
    database: state.database.name,
    port: (await state.database.query("SHOW port")).rows[0].port,
  });
  fs.rmSync(file);
  expect((await verifyAuditChain(state.prisma)).reason).toMatch(/No head is recorded outside the database/);
});
