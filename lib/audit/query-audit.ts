// Reading the log: filters, newest first, keyset pagination on seq (stable while new rows are appended).
import type { AuditEvent, Prisma } from "../generated/prisma/client";
import type { AuditDb } from "./record-audit";
import { MAX_AUDIT_LIMIT } from "../api/schemas";
import { AUDIT_EVENT_FIELDS, type AuditEventView, type AuditListView, type AuditSearch } from "./views";

export { MAX_AUDIT_LIMIT };
export const DEFAULT_AUDIT_LIMIT = 100;

/** The API's filters with days resolved to instants: `from` inclusive, `to` exclusive; limit default 100, at most 1000. */
export type AuditFilter = Omit<AuditSearch, "from" | "to" | "beforeSeq"> & {
  from?: Date;
  to?: Date;
  /** Only rows older than this seq (the previous page's last seq). */
  beforeSeq?: bigint | string;
};

export function toAuditEventView(row: AuditEvent): AuditEventView {
  const view: Record<string, unknown> = {};
  for (const field of AUDIT_EVENT_FIELDS) view[field] = row[field];
  return { ...(view as unknown as AuditEventView), seq: row.seq.toString(), at: row.at.toISOString() };
}

export function clampAuditLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_AUDIT_LIMIT;
  return Math.min(Math.max(Math.trunc(limit), 1), MAX_AUDIT_LIMIT);
}

function toWhere(filter: AuditFilter): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = {};
  if (filter.environmentId) where.environmentId = filter.environmentId;
  if (filter.event) where.event = filter.event;
  if (filter.actionKind) where.actionKind = filter.actionKind;
  if (filter.outcome) where.outcome = filter.outcome;
  const actor = filter.actor?.trim();
  if (actor) where.OR = [{ actor }, { actorLabel: { contains: actor, mode: "insensitive" } }];
  if (filter.from || filter.to)
    where.at = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) };
  if (filter.beforeSeq !== undefined) where.seq = { lt: BigInt(filter.beforeSeq) };
  return where;
}

/** Events matching every given filter, newest (highest seq) first. */
export async function queryAudit(prisma: AuditDb, filter: AuditFilter = {}): Promise<AuditEventView[]> {
  const rows = await prisma.auditEvent.findMany({
    where: toWhere(filter),
    orderBy: { seq: "desc" },
    take: clampAuditLimit(filter.limit),
  });
  return rows.map(toAuditEventView);
}

/** A page plus the cursor of the next one (null when fewer rows than the limit came back). */
export async function queryAuditPage(prisma: AuditDb, filter: AuditFilter = {}): Promise<AuditListView> {
  const events = await queryAudit(prisma, filter);
  const full = events.length === clampAuditLimit(filter.limit);
  return { events, nextBeforeSeq: full ? (events.at(-1)?.seq ?? null) : null };
}
