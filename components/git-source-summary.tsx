"use client";
// A git source at a glance: where it reads (never its credentials), the last fetch, and what is wrong, if
// anything. Presentational: the projects panel and the releases page pass the project's view.
import type { GitSourceView } from "@/lib/api/responses";
import { ExactTime } from "./exact-time";

export function GitSourceSummary({ git }: { git: GitSourceView }) {
  const fetch = git.lastFetch;
  return (
    <div className="space-y-1 text-sm" data-testid="git-source-summary">
      <p>
        <span className="text-muted">Git </span>
        <span className="font-mono text-xs break-all">{git.repository}</span>
        <span className="text-muted"> · {git.refKind} </span>
        <span className="font-mono text-xs">{git.refName}</span>
        <span className="text-muted"> · </span>
        <span className="font-mono text-xs break-all">{git.path}</span>
      </p>
      <p className="text-xs text-muted" data-testid="git-last-fetch">
        {fetch ? (
          <>
            Last fetch <ExactTime iso={fetch.at} />
            {fetch.durationMs !== null ? ` (${fetch.durationMs} ms)` : ""}
            {fetch.error ? " failed" : ""}
          </>
        ) : (
          "Not fetched yet"
        )}
        {git.headSha ? (
          <>
            {" "}
            · at commit <span className="font-mono">{git.headSha.slice(0, 7)}</span>
          </>
        ) : null}
        {` · every ${git.intervalSeconds} s`}
        {git.fetching ? " · fetching now…" : ""}
      </p>
      {fetch?.error ? (
        <p role="status" className="text-xs font-medium text-red-700 dark:text-red-400" data-testid="git-fetch-error">
          Last fetch failed: {fetch.error}
        </p>
      ) : null}
      {git.headError ? (
        <p
          role="status"
          className="text-xs font-medium text-amber-800 dark:text-amber-300"
          data-testid="git-head-error"
        >
          {git.headError}
        </p>
      ) : null}
    </div>
  );
}
