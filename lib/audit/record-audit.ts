// The one audit writer. Appends are linear across every dashboard process: a transaction-scoped advisory lock
// serialises writers, the chain head is read after the lock is held, and the row's `at` is set here so the hash
// covers exactly what is stored.
import type { Actor, RequestOrigin } from "../actions/actor";
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { advanceChainHead, chainFile, currentAuditSealing } from "./chain-head";
import { GENESIS_HASH, sealAuditRow, type AuditContent } from "./hash-audit";
import { redactNullableText, redactValue } from "./redact-audit";

/** pg_advisory_xact_lock key of the audit chain ("AUDI" in ASCII digits, roughly); only this module takes it. */
export const AUDIT_CHAIN_LOCK_KEY = 72707370;

export type AuditDb = PrismaClient | Prisma.TransactionClient;

export interface AuditInput {
  event: string;
  /** null for the system (workers, sweeps). */
  actor?: Actor | null;
  environment?: { id: string; name: string } | null;
  actionId?: string | null;
  actionKind?: string | null;
  outcome?: string | null;
  /** Any JSON-able value; secrets are redacted before storing. */
  arguments?: unknown;
  fingerprintBefore?: string | null;
  fingerprintAfter?: string | null;
  engineLog?: unknown;
  message?: string | null;
  durationMs?: number | null;
  origin?: RequestOrigin | null;
}

const INT4_MAX = 2_147_483_647;

function isPrismaClient(db: AuditDb): db is PrismaClient {
  return typeof (db as PrismaClient).$transaction === "function";
}

function toDuration(ms: number | null | undefined): number | null {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return null;
  return Math.min(Math.max(Math.round(ms), 0), INT4_MAX);
}

function toJsonColumn(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}

/** Everything but `at`, redacted and made storable. */
function toContent(input: AuditInput, at: Date): AuditContent {
  const text = redactNullableText;
  return {
    at,
    event: text(input.event) ?? "",
    actor: text(input.actor?.key),
    actorLabel: text(input.actor?.label),
    actorRole: text(input.actor?.role),
    environmentId: text(input.environment?.id),
    environmentName: text(input.environment?.name),
    actionId: text(input.actionId),
    actionKind: text(input.actionKind),
    outcome: text(input.outcome),
    arguments: redactValue(input.arguments),
    fingerprintBefore: text(input.fingerprintBefore),
    fingerprintAfter: text(input.fingerprintAfter),
    engineLog: redactValue(input.engineLog),
    message: text(input.message),
    durationMs: toDuration(input.durationMs),
    clientAddress: text(input.origin?.clientAddress),
    userAgent: text(input.origin?.userAgent),
  };
}

interface Appended {
  seq: bigint;
  hash: string;
  /** The chain's head file (outside the database). */
  headFile: string;
}

async function appendInTransaction(tx: Prisma.TransactionClient, input: AuditInput): Promise<Appended> {
  const sealing = currentAuditSealing();
  // One statement takes the lock and reports the isolation level (and which chain this is); the head must be read
  // by a later statement, whose snapshot starts after the lock is held.
  const [{ level, database, port }] = await tx.$queryRawUnsafe<
    Array<{ level: string; database: string; port: string }>
  >(
    `SELECT current_setting('transaction_isolation') AS level, current_database() AS database, current_setting('port') AS port FROM (SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})) AS locked`,
  );
  // Under REPEATABLE READ or SERIALIZABLE the snapshot predates the lock and the head read would be stale: a fork.
  if (level !== "read committed")
    throw new Error(
      `recordAudit needs a READ COMMITTED transaction (got ${level}): the chain head would be read from a stale snapshot.`,
    );
  const head = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  const prevHash = head?.hash ?? GENESIS_HASH;
  const content = toContent(input, new Date());
  const hash = sealAuditRow(sealing.key, prevHash, content);
  const row = await tx.auditEvent.create({
    data: {
      ...content,
      arguments: toJsonColumn(content.arguments),
      engineLog: toJsonColumn(content.engineLog),
      prevHash,
      hash,
    },
    select: { seq: true },
  });
  return { seq: row.seq, hash, headFile: chainFile(sealing, { database, port }) };
}

/**
 * Appends one event to the audit log. Given a PrismaClient it opens its own short transaction; given a
 * transaction client it writes inside the caller's transaction (the event commits or rolls back with it, and
 * the chain stays locked until that transaction ends: keep such transactions short).
 */
export async function recordAudit(db: AuditDb, input: AuditInput): Promise<{ seq: bigint; hash: string }> {
  if (!input.event) throw new Error("recordAudit: event is required");
  // Inside a caller's transaction the row may still roll back: the head is not moved (the next append moves it).
  if (!isPrismaClient(db)) return pick(await appendInTransaction(db, input));
  const appended = await db.$transaction((tx) => appendInTransaction(tx, input), {
    isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted,
    // Writers queue on the advisory lock; give a burst of them time rather than failing an audit write.
    maxWait: 10_000,
    timeout: 20_000,
  });
  // After the commit, so the head never names a row that does not exist.
  await advanceChainHead(appended.headFile, {
    seq: appended.seq.toString(),
    hash: appended.hash,
    at: new Date().toISOString(),
  }).catch((error: Error) =>
    console.error(`[runway audit] could not record the chain head in ${appended.headFile}: ${error.message}`),
  );
  return pick(appended);
}

function pick({ seq, hash }: Appended): { seq: bigint; hash: string } {
  return { seq, hash };
}
