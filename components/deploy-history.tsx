"use client";
// The environment's history, one row per deploy (lib/environments/deploy-history.ts says how rows are grouped),
// newest first, a page at a time; "Failures only" is kept in the URL (?history=failures) so it can be shared.
import { useSearchParams } from "next/navigation";
import { useState, type ReactNode } from "react";
import type { DeployAttemptView } from "@/lib/environments/views";
import { describeError } from "@/lib/client/fetch-json";
import { pluralize } from "@/lib/client/format";
import { useEnvironmentHistory } from "@/lib/client/hooks";
import { Banner } from "./banner";
import { DeployItem } from "./deploy-item";
import { LoadingBlock } from "./loading-block";
import { QueryError } from "./query-error";
import { buttonClass } from "./ui";

/** The URL's query parameter holding the filter: `?history=failures`. */
export const HISTORY_FILTER_PARAM = "history";

interface DeployHistoryProps {
  environmentId: string;
  renderAttemptActions?: (attempt: DeployAttemptView) => ReactNode;
}

export function DeployHistory({ environmentId, renderAttemptActions }: DeployHistoryProps) {
  const inUrl = useSearchParams().get(HISTORY_FILTER_PARAM) === "failures";
  // The checkbox answers at once; the URL follows (replaceState: no server round trip), and a URL changed from
  // elsewhere (back, forward) wins.
  const [failuresOnly, setFailuresOnlyState] = useState(inUrl);
  const [urlSeen, setUrlSeen] = useState(inUrl);
  if (urlSeen !== inUrl) {
    setUrlSeen(inUrl);
    setFailuresOnlyState(inUrl);
  }
  const history = useEnvironmentHistory(environmentId, failuresOnly);

  function setFailuresOnly(value: boolean) {
    setFailuresOnlyState(value);
    const url = new URL(window.location.href);
    if (value) url.searchParams.set(HISTORY_FILTER_PARAM, "failures");
    else url.searchParams.delete(HISTORY_FILTER_PARAM);
    window.history.replaceState(null, "", url);
  }

  const pages = history.data?.pages ?? [];
  const summary = pages[0]?.summary;
  const deploys = pages.flatMap((page) => page.deploys);
  return (
    <section aria-labelledby="deploys-heading" className="space-y-3" data-testid="deploy-history">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-2">
        <h2 id="deploys-heading" className="text-lg font-semibold">
          History{" "}
          <span className="font-normal text-muted" data-testid="history-summary">
            {summary
              ? `(${pluralize(summary.deploys, "deploy")} · ${pluralize(summary.attempts, "attempt")}, newest first)`
              : null}
          </span>
        </h2>
        <label className="inline-flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            data-testid="history-failures-only"
            checked={failuresOnly}
            onChange={(event) => setFailuresOnly(event.target.checked)}
            className="size-4 accent-blue-700"
          />
          Failures only{summary ? ` (${summary.failedDeploys})` : ""}
        </label>
      </div>

      {history.isPending ? (
        <LoadingBlock label="Reading the history…" rows={2} />
      ) : !history.data ? (
        <QueryError error={history.error} what="the history" onRetry={() => void history.refetch()} />
      ) : (
        <>
          {history.isError ? (
            <Banner tone="warning" title="The last refresh of the history failed; showing the previous one">
              <p>{describeError(history.error)}</p>
            </Banner>
          ) : null}
          {deploys.length > 0 ? (
            <ol className="space-y-2" data-testid="deploy-list" aria-busy={history.isFetching}>
              {deploys.map((deploy) => (
                <DeployItem
                  key={deploy.id}
                  deploy={deploy}
                  environmentId={environmentId}
                  renderAttemptActions={renderAttemptActions}
                />
              ))}
            </ol>
          ) : (
            <p className="text-sm text-muted">
              {failuresOnly ? "No deploy has failed here." : "No migration has run against this database yet."}
            </p>
          )}
          <div className="flex flex-wrap items-center gap-3 text-sm text-muted">
            <span data-testid="history-shown">
              {failuresOnly
                ? `${pluralize(deploys.length, "deploy")} with a failure shown`
                : `${deploys.length} of ${pluralize(summary?.deploys ?? 0, "deploy")} shown`}
            </span>
            {history.hasNextPage ? (
              <button
                type="button"
                className={buttonClass("secondary", "sm")}
                disabled={history.isFetchingNextPage}
                onClick={() => void history.fetchNextPage()}
              >
                {history.isFetchingNextPage ? "Loading older deploys…" : "Show older deploys"}
              </button>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}
