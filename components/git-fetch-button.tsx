"use client";
// "Fetch now" for a git source (operators and admins): runs a fetch and says what it found.
import { useFetchGitSource } from "@/lib/client/hooks";
import { describeError } from "@/lib/client/fetch-json";
import { pluralize } from "@/lib/client/format";
import type { GitFetchResultView } from "@/lib/api/responses";
import { buttonClass } from "./ui";

function describeResult(result: GitFetchResultView): string {
  switch (result.outcome) {
    case "busy":
      return "A fetch is already running; another will follow it.";
    case "failed":
      return `The fetch failed: ${result.error}`;
    case "up_to_date":
      return "Nothing new.";
    default:
      return result.releases.length > 0
        ? `${pluralize(result.releases.length, "new release")}: ${result.releases.map((r) => r.label).join(", ")}.`
        : result.skipped.length > 0
          ? `No release: ${result.skipped.at(-1)!.reason}`
          : "New commits, none changing the migrations.";
  }
}

export function GitFetchButton({ projectId, projectName }: { projectId: string; projectName: string }) {
  const fetchNow = useFetchGitSource(projectId);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        data-testid="git-fetch-now"
        className={buttonClass("secondary", "sm")}
        disabled={fetchNow.isPending}
        onClick={() => fetchNow.mutate()}
      >
        {fetchNow.isPending ? "Fetching…" : "Fetch now"}
        <span className="sr-only"> {projectName}</span>
      </button>
      <span role="status" aria-live="polite" className="text-xs" data-testid="git-fetch-result">
        {fetchNow.isError ? describeError(fetchNow.error) : fetchNow.data ? describeResult(fetchNow.data) : ""}
      </span>
    </span>
  );
}
