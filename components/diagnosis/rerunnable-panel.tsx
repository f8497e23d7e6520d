"use client";
// "Make it re-runnable": the lint findings of a migration (grouped by severity) and the rewrite that lets it run
// again over what a previous attempt left (IF NOT EXISTS, DO $ guards), as a diff, a patch to download and SQL
// to copy. Editing an applied migration changes its checksum: said plainly before anyone commits it.
import type { Finding, RerunnableView } from "@/lib/diagnosis/views";
import { rerunnablePatchUrl, useRerunnable } from "@/lib/client/hooks";
import { pluralize } from "@/lib/client/format";
import { Banner } from "../banner";
import { LoadingBlock } from "../loading-block";
import { QueryError } from "../query-error";
import { buttonClass } from "../ui";
import { CopySqlButton } from "./copy-sql-button";
import { DiffView } from "./diff-view";

const SEVERITIES: Array<{ severity: Finding["severity"]; title: string; icon: string; className: string }> = [
  { severity: "error", title: "Errors", icon: "✕", className: "border-red-300 dark:border-red-800" },
  { severity: "warning", title: "Warnings", icon: "⚠", className: "border-amber-300 dark:border-amber-800" },
  { severity: "info", title: "Notes", icon: "ℹ", className: "border-border" },
];

function FindingItem({ finding, className }: { finding: Finding; className: string }) {
  return (
    <li
      data-testid="lint-finding"
      data-rule={finding.ruleId}
      data-severity={finding.severity}
      className={`space-y-1 rounded-md border bg-surface px-3 py-2 text-sm ${className}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <code className="font-mono text-xs font-semibold">{finding.ruleId}</code>
        <span className="font-mono text-xs text-muted">line {finding.line}</span>
      </div>
      <p>{finding.message}</p>
      <p className="text-muted">
        <span className="font-medium text-foreground">Why: </span>
        {finding.why}
      </p>
      <p className="text-muted">
        <span className="font-medium text-foreground">Fix: </span>
        {finding.fix}
      </p>
    </li>
  );
}

function Findings({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) {
    return (
      <p data-testid="lint-findings" className="text-sm text-muted">
        No lint findings.
      </p>
    );
  }
  return (
    <div data-testid="lint-findings" className="space-y-3">
      {SEVERITIES.map(({ severity, title, icon, className }) => {
        const group = findings.filter((f) => f.severity === severity);
        if (group.length === 0) return null;
        return (
          <div key={severity} className="space-y-2">
            <h4 className="text-sm font-semibold">
              <span aria-hidden="true">{icon} </span>
              {title} <span className="font-normal text-muted">({group.length})</span>
            </h4>
            <ul className="space-y-2">
              {group.map((finding, index) => (
                <FindingItem
                  key={`${finding.ruleId}-${finding.line}-${index}`}
                  finding={finding}
                  className={className}
                />
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}

function RerunnableBody({ view, environmentId }: { view: RerunnableView; environmentId: string }) {
  const { rewrite } = view;
  const changed = view.patch.length > 0;
  return (
    <div className="space-y-4">
      {view.editingChangesChecksum && (changed || view.findings.length > 0) ? (
        <Banner tone="warning" testId="checksum-warning" title="Editing this file changes its checksum">
          <p>
            This migration is applied in this environment: committing the edited file changes its checksum, and Runway
            (and prisma migrate status) will show it as modified.
          </p>
        </Banner>
      ) : null}
      <div className="space-y-2">
        <h3 className="text-sm font-semibold">
          Lint findings <span className="font-normal text-muted">({pluralize(view.findings.length, "finding")})</span>
        </h3>
        <Findings findings={view.findings} />
      </div>

      <div className="space-y-2">
        <h3 className="text-sm font-semibold">Re-runnable version</h3>
        {changed ? (
          <>
            <p className="text-sm text-muted">
              Guarded statements skip what already exists, so the script can run again over what a previous attempt left
              ({pluralize(rewrite.changes.length, "change")}).
            </p>
            <DiffView
              patch={view.patch}
              label={`${view.migrationName}/migration.sql → re-runnable`}
              testId="rewrite-diff"
            />
            <div className="flex flex-wrap items-center gap-3">
              <a
                data-testid="download-patch"
                href={rerunnablePatchUrl(environmentId, view.migrationName)}
                download={`${view.migrationName}.rerunnable.patch`}
                className={buttonClass("secondary", "sm")}
              >
                Download patch
              </a>
              <CopySqlButton sql={rewrite.sql} testId="copy-rerunnable-sql" />
              <span className="text-xs text-muted">
                Apply with <code className="font-mono">git apply</code> from the repository root.
              </span>
            </div>
          </>
        ) : (
          <p data-testid="rewrite-none" className="text-sm">
            <span aria-hidden="true">✓ </span>Already re-runnable: nothing to change.
          </p>
        )}
        {rewrite.unsupported.length > 0 ? (
          <div data-testid="rewrite-unsupported" className="space-y-1 text-sm">
            <p className="font-medium">Not rewritten (make these re-runnable by hand):</p>
            <ul className="list-disc space-y-1 pl-5">
              {rewrite.unsupported.map((item, index) => (
                <li key={index}>
                  <span className="font-mono text-xs text-muted">line {item.line}</span> {item.reason}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </div>
  );
}

export function RerunnablePanel({ environmentId, migrationName }: { environmentId: string; migrationName: string }) {
  const query = useRerunnable(environmentId, migrationName);
  return (
    <section
      data-testid="rerunnable"
      aria-labelledby="rerunnable-heading"
      aria-busy={query.isFetching}
      className="space-y-3"
    >
      <h2 id="rerunnable-heading" className="text-lg font-semibold">
        Make it re-runnable
      </h2>
      {query.isPending ? (
        <LoadingBlock label="Linting the migration and preparing its re-runnable version…" rows={1} />
      ) : !query.data ? (
        <QueryError error={query.error} what="the re-runnable version" onRetry={() => void query.refetch()} />
      ) : (
        <RerunnableBody view={query.data} environmentId={environmentId} />
      )}
    </section>
  );
}
