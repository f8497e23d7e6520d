// Re-walks the chain in seq order, batch by batch, recomputing every hash. Catches a row edited, deleted or
// inserted behind the triggers' back (a superuser who disabled them). Gaps in seq are normal (a rolled-back
// transaction consumes a sequence value), so only the prevHash links count.
import type { AuditEvent } from "../generated/prisma/client";
import { GENESIS_HASH, hashAuditRow } from "./hash-audit";
import type { AuditDb } from "./record-audit";
import type { AuditVerifyView } from "./views";

export type AuditVerification = AuditVerifyView;

function describeLinkBreak(row: AuditEvent, previous: AuditEvent | null): string {
  if (!previous)
    return `seq ${row.seq} is the oldest row but its prevHash is not the genesis hash: older rows were removed.`;
  return `seq ${row.seq} does not link to seq ${previous.seq} (its prevHash is not that row's hash): a row between them was removed or inserted, or seq ${previous.seq}'s hash was rewritten.`;
}

export async function verifyAuditChain(prisma: AuditDb, options: { batchSize?: number } = {}): Promise<AuditVerification> {
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 500, 5000));
  let previous: AuditEvent | null = null;
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
      });
      // Content first: an edited row is reported as itself, not as a link break of the row after it.
      if (hashAuditRow(row.prevHash, row) !== row.hash)
        return broken(`seq ${row.seq} was changed after it was written: its content no longer matches its hash.`);
      if (row.prevHash !== (previous?.hash ?? GENESIS_HASH)) return broken(describeLinkBreak(row, previous));
      previous = row;
    }
    if (rows.length < batchSize) break;
  }
  return { ok: true, checked, firstBrokenSeq: null, reason: null, lastSeq: previous?.seq.toString() ?? null, lastHash: previous?.hash ?? null };
}
