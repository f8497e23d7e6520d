"use client";
// The audit log: filters (kept in the address, so a filtered view can be shared), the table with paging, exports
// carrying the same filters, and an on-demand verification of the hash chain.
import { usePathname, useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { buildAuditUrl, toAuditApiSearch, toAuditSearchParams } from "@/lib/audit/audit-url";
import type { AuditSearch } from "@/lib/audit/views";
import { useAuditEvents, useFilterEnvironments, useVerifyAuditChain } from "@/lib/client/hooks";
import { AuditFilters } from "../audit-filters";
import { AuditTable } from "../audit-table";
import { AuditVerifyButton, AuditVerifyResult } from "../audit-verify";
import { EmptyState } from "../empty-state";
import { LoadingBlock } from "../loading-block";
import { PageHeading } from "../page-heading";
import { QueryError } from "../query-error";
import { buttonClass } from "../ui";

function hasFilters(search: AuditSearch): boolean {
  return Object.values(search).some((value) => value !== undefined && value !== "");
}

export function AuditScreen({ initialSearch }: { initialSearch: AuditSearch }) {
  const router = useRouter();
  const pathname = usePathname() ?? "/audit";
  const [search, setSearch] = useState<AuditSearch>(initialSearch);
  const apiSearch = useMemo(() => toAuditApiSearch(search), [search]);
  const environments = useFilterEnvironments();
  const audit = useAuditEvents(apiSearch);
  const verify = useVerifyAuditChain();
  const events = useMemo(() => audit.data?.pages.flatMap((page) => page.events) ?? [], [audit.data]);

  const apply = (next: AuditSearch) => {
    setSearch(next);
    const query = toAuditSearchParams(next).toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  return (
    <div className="space-y-6">
      <PageHeading
        title="Audit log"
        actions={
          <>
            <a href={buildAuditUrl(apiSearch, { format: "csv" })} download className={buttonClass("secondary")}>
              Export CSV
            </a>
            <a
              href={buildAuditUrl(apiSearch, { format: "json", download: true })}
              download
              className={buttonClass("secondary")}
            >
              Export JSON
            </a>
            <AuditVerifyButton onClick={() => verify.mutate()} pending={verify.isPending} />
          </>
        }
      >
        <p className="max-w-prose text-sm text-muted">
          Every request, approval, refusal and outcome of a guarded action, newest first. The log is append-only and
          hash-chained: verify it to prove nothing was edited or removed. Exports hold up to 1,000 events with the
          current filters.
        </p>
      </PageHeading>

      <div aria-live="polite">
        <AuditVerifyResult verify={verify} />
      </div>

      {/* Keyed on the applied filters: clearing from elsewhere (the empty state) resets the form's draft too. */}
      <AuditFilters key={JSON.stringify(search)} value={search} environments={environments.data} onApply={apply} />

      {audit.isPending ? (
        <LoadingBlock label="Loading the audit log…" rows={1} />
      ) : audit.isError && events.length === 0 ? (
        <QueryError error={audit.error} what="the audit log" onRetry={() => void audit.refetch()} />
      ) : events.length === 0 ? (
        hasFilters(search) ? (
          <EmptyState
            title="No events match these filters"
            action={
              <button type="button" onClick={() => apply({})} className={buttonClass("secondary")}>
                Clear filters
              </button>
            }
          >
            <p>Widen the dates or clear a filter.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No audit events yet">
            <p>
              Requests, approvals and outcomes of resolve and deploy actions appear here as they happen, as do API token
              changes.
            </p>
          </EmptyState>
        )
      ) : (
        <div className={`space-y-3 ${audit.isPlaceholderData ? "opacity-60" : ""}`} aria-busy={audit.isFetching}>
          {audit.isError ? (
            <QueryError error={audit.error} what="newer audit events" onRetry={() => void audit.refetch()} />
          ) : null}
          <p className="text-sm text-muted" role="status">
            {events.length} {events.length === 1 ? "event" : "events"} shown
            {audit.hasNextPage ? " (older ones available)" : ""}
          </p>
          <AuditTable events={events} />
          {audit.hasNextPage ? (
            <div className="flex justify-center">
              <button
                type="button"
                onClick={() => void audit.fetchNextPage()}
                disabled={audit.isFetchingNextPage}
                className={buttonClass("secondary")}
              >
                {audit.isFetchingNextPage ? "Loading…" : "Load older events"}
              </button>
            </div>
          ) : null}
        </div>
      )}
    </div>
  );
}
