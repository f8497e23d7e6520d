// The query string of GET /api/audit, validated. Dates come as ISO instants or as days (YYYY-MM-DD, UTC): a
// day in `to` includes that whole day.
import { z } from "zod";
import { MAX_AUDIT_LIMIT, type AuditFilter } from "./query-audit";

const DAY_MS = 24 * 3600_000;

const day = z.iso.date();
const instant = z.iso.datetime({ offset: true });
const when = z.union([day, instant], { message: "expected an ISO date (YYYY-MM-DD) or date-time" });
// PostgreSQL text cannot hold NUL: a filter with control characters matches nothing and is refused as input.
const noControl = (value: string) => !/[\u0000-\u001f]/.test(value);
const shortText = z.string().trim().min(1).max(100).refine(noControl, "must not contain control characters");

export const auditSearchSchema = z.object({
  environmentId: shortText.optional(),
  actor: z.string().trim().min(1).max(320).refine(noControl, "must not contain control characters").optional(),
  event: shortText.optional(),
  actionKind: shortText.optional(),
  outcome: shortText.optional(),
  from: when.optional(),
  to: when.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_LIMIT).optional(),
  beforeSeq: z.string().regex(/^\d{1,18}$/, "expected a seq number").optional(),
  format: z.enum(["json", "csv"]).default("json"),
  download: z.enum(["1", "true", "0", "false"]).optional(),
});

export interface AuditSearchRequest {
  filter: AuditFilter;
  format: "json" | "csv";
  /** Serve as an attachment (always for csv). */
  download: boolean;
  /** Whether the caller set a limit (exports default to the maximum instead of a page). */
  limitGiven: boolean;
}

function toStart(value: string): Date {
  return day.safeParse(value).success ? new Date(`${value}T00:00:00.000Z`) : new Date(value);
}

function toEnd(value: string): Date {
  return day.safeParse(value).success ? new Date(new Date(`${value}T00:00:00.000Z`).getTime() + DAY_MS) : new Date(value);
}

/** Throws a ZodError (a 400 through the route wrapper) for a malformed query. Empty values count as absent. */
export function parseAuditSearch(params: URLSearchParams): AuditSearchRequest {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) if (value.trim() !== "") raw[key] = value;
  const q = auditSearchSchema.parse(raw);
  const filter: AuditFilter = {
    environmentId: q.environmentId,
    actor: q.actor,
    event: q.event,
    actionKind: q.actionKind,
    outcome: q.outcome,
    from: q.from ? toStart(q.from) : undefined,
    to: q.to ? toEnd(q.to) : undefined,
    limit: q.limit,
    beforeSeq: q.beforeSeq,
  };
  return { filter, format: q.format, download: q.format === "csv" || q.download === "1" || q.download === "true", limitGiven: q.limit !== undefined };
}
