import { toCsv } from "@/lib/audit/export-audit";
import type { AuditListView } from "@/lib/api/responses";
import { auditQuery, MAX_AUDIT_LIMIT } from "@/lib/api/schemas";
import { toAuditSearchRequest } from "@/lib/audit/parse-audit-search";
import { queryAuditPage } from "@/lib/audit/query-audit";
import { getPrisma } from "@/lib/server/db";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(
  { role: "operator", query: auditQuery },
  async ({ query }): Promise<AuditListView | Response> => {
    const { filter, format, download, limitGiven } = toAuditSearchRequest(query);
    // An export without a limit is as much as one request may carry, not one screen's page.
    const page = await queryAuditPage(
      getPrisma(),
      download && !limitGiven ? { ...filter, limit: MAX_AUDIT_LIMIT } : filter,
    );
    if (!download) return page;
    const headers: Record<string, string> = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
    // More rows than one export holds: the cursor of the rest, for scripts.
    if (page.nextBeforeSeq) headers["X-Runway-Next-Before-Seq"] = page.nextBeforeSeq;
    if (format === "csv")
      return new Response(toCsv(page.events), {
        headers: {
          ...headers,
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": 'attachment; filename="runway-audit.csv"',
        },
      });
    return new Response(JSON.stringify(page, null, 2), {
      headers: {
        ...headers,
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": 'attachment; filename="runway-audit.json"',
      },
    });
  },
);
