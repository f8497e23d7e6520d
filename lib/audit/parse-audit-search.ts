// The query string of GET /api/audit (validated by auditQuery in lib/api/schemas.ts) as the query's filter. Days
// (YYYY-MM-DD, UTC) in `to` include that whole day.
import type { z } from "zod";
import { auditQuery, isIsoDay, parseQuery } from "../api/schemas";
import type { AuditFilter } from "./query-audit";

const DAY_MS = 24 * 3600_000;

export interface AuditSearchRequest {
  filter: AuditFilter;
  format: "json" | "csv";
  /** Serve as an attachment (always for csv). */
  download: boolean;
  /** Whether the caller set a limit (exports default to the maximum instead of a page). */
  limitGiven: boolean;
}

function toStart(value: string): Date {
  return isIsoDay(value) ? new Date(`${value}T00:00:00.000Z`) : new Date(value);
}

function toEnd(value: string): Date {
  return isIsoDay(value) ? new Date(new Date(`${value}T00:00:00.000Z`).getTime() + DAY_MS) : new Date(value);
}

export function toAuditSearchRequest(q: z.output<typeof auditQuery>): AuditSearchRequest {
  const { format, download, from, to, ...rest } = q;
  const filter: AuditFilter = { ...rest, from: from ? toStart(from) : undefined, to: to ? toEnd(to) : undefined };
  return {
    filter,
    format,
    download: format === "csv" || download === "1" || download === "true",
    limitGiven: q.limit !== undefined,
  };
}

/** Throws a ZodError (a 400 through the route wrapper) for a malformed query. Empty values count as absent. */
export function parseAuditSearch(params: URLSearchParams): AuditSearchRequest {
  return toAuditSearchRequest(parseQuery(auditQuery, params));
}
