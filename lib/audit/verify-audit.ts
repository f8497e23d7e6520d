// Re-walks the chain in seq order, batch by batch, checking every row's MAC (or legacy hash) and link, then the
// newest row against the head kept outside the database. Catches a row edited, deleted or inserted behind the
// triggers' back (a superuser who disabled them), a chain rebuilt without the key, and rows removed from its end.
// Gaps in seq are normal (a rolled-back transaction consumes a sequence value), so only the prevHash links count.
import type { AuditEvent } from "../generated/prisma/client";
import { chainFile, currentAuditSealing, readChainHead, type AuditSealing } from "./chain-head";
import { checkRowHash, GENESIS_HASH, isKeyedHash } from "./hash-audit";
import type { AuditDb } from "./record-audit";
import type { AuditVerifyView } from "./views";

export type AuditVerification = AuditVerifyView;

function describeLinkBreak(row: AuditEvent, previous: AuditEvent | null): string {
  if (!previous)
    return `seq ${row.seq} is the oldest row but its prevHash is not the genesis hash: older rows were removed.`;
  return `seq ${row.seq} does not link to seq ${previous.seq} (its prevHash is not that row's hash): a row between them was removed or inserted, or seq ${previous.seq}'s hash was rewritten.`;
}

export async function verifyAuditChain(
  prisma: AuditDb,
  options: { batchSize?: number; sealing?: AuditSealing } = {},
): Promise<AuditVerification> {
  const sealing = options.sealing ?? currentAuditSealing();
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 500, 5000));
  const [chain] = await prisma.$queryRawUnsafe<Array<{ database: string; port: string }>>(
    "SELECT current_database() AS database, current_setting('port') AS port",
  );
  const recorded = readChainHead(chainFile(sealing, chain));
  const head = recorded ? { seq: recorded.seq, hash: recorded.hash } : null;
  let previous: AuditEvent | null = null;
  let keyed = false;
  let headSeen = false;
  let checked = 0;
  for (;;) {
    const rows: AuditEvent[] = await prisma.auditEvent.findMany({
      where: previous ? { seq: { gt: previous.seq } } : {},
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    for (const row of rows) {
      checked += 1;
      const broken = (reason: string): AuditVerification => ({
        ok: false,
        checked,
        firstBrokenSeq: row.seq.toString(),
        reason,
        lastSeq: previous?.seq.toString() ?? null,
        lastHash: previous?.hash ?? null,
        head,
      });
      // Content first: an edited row is reported as itself, not as a link break of the row after it.
      if (keyed && !isKeyedHash(row.hash))
        return broken(
          `seq ${row.seq} carries an unkeyed hash after the keyed chain began: it was rewritten without Runway's key.`,
        );
      if (!checkRowHash(sealing.key, row))
        return broken(`seq ${row.seq} was changed after it was written: its content no longer matches its MAC.`);
      if (row.prevHash !== (previous?.hash ?? GENESIS_HASH)) return broken(describeLinkBreak(row, previous));
      if (head && row.seq.toString() === head.seq) {
        if (row.hash !== head.hash)
          return broken(
            `seq ${row.seq} is not the row recorded as the chain's head outside the database: the chain was rebuilt from here or before.`,
          );
        headSeen = true;
      }
      keyed ||= isKeyedHash(row.hash);
      previous = row;
    }
    if (rows.length < batchSize) break;
  }
  const end = { checked, lastSeq: previous?.seq.toString() ?? null, lastHash: previous?.hash ?? null, head };
  if (head && !headSeen)
    return {
      ok: false,
      firstBrokenSeq: head.seq,
      reason: `The chain ends at seq ${end.lastSeq ?? "(none)"} but the head recorded outside the database is seq ${head.seq}: rows were removed from its end.`,
      ...end,
    };
  if (!head && keyed)
    return {
      ok: false,
      firstBrokenSeq: null,
      reason:
        "No head is recorded outside the database for this chain (RUNWAY_DATA_DIR/audit-head): its end cannot be checked. Was the data folder replaced, or the database renamed?",
      ...end,
    };
  return { ok: true, firstBrokenSeq: null, reason: null, ...end };
}
