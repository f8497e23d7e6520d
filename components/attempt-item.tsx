// One row of `_prisma_migrations`: one attempt at one migration, with its times, outcome and stored error.
import Link from "next/link";
import type { ReactNode } from "react";
import { decideAttemptState, type TimelineEntry } from "@/lib/client/attempts";
import type { MigrationState } from "@/lib/migrations/types";
import { formatDuration, pluralize } from "@/lib/client/format";
import { paths } from "@/lib/client/paths";
import { ErrorLog } from "./error-log";
import { ExactTime } from "./exact-time";
import { StateBadge } from "./state-badge";
import { linkClass } from "./ui";

interface AttemptItemProps {
  entry: TimelineEntry;
  environmentId: string;
  /** Title shown instead of the linked migration name (on the migration's own page). */
  title?: string;
  /** The page already shows this attempt's error prominently; do not repeat it. */
  logsShownAbove?: boolean;
  /** Controls for this attempt (e.g. resolve buttons on the failed attempt). */
  actions?: ReactNode;
}

function Mark({ tone, children, title }: { tone: "violet" | "fuchsia" | "teal"; children: string; title: string }) {
  const tones = {
    violet: "border-violet-300 text-violet-900 dark:border-violet-700 dark:text-violet-200",
    fuchsia: "border-fuchsia-300 text-fuchsia-900 dark:border-fuchsia-700 dark:text-fuchsia-200",
    teal: "border-teal-300 text-teal-900 dark:border-teal-700 dark:text-teal-200",
  };
  return (
    <span title={title} className={`rounded border px-1.5 py-0.5 text-xs font-medium ${tones[tone]}`}>
      {children}
    </span>
  );
}

/** What ran, and only that: never the time until someone resolved a failure. */
function RanFor({ attempt, state }: { attempt: TimelineEntry["attempt"]; state: MigrationState }) {
  if (attempt.durationMs !== null)
    return (
      <span title={attempt.durationSource === "runway_log" ? "Measured from Runway's action log" : undefined}>
        {formatDuration(attempt.durationMs)}
      </span>
    );
  if (attempt.markedApplied) return <span className="text-muted">nothing ran</span>;
  if (state === "in_progress") return <span className="text-muted">running…</span>;
  return (
    <span
      className="text-muted"
      title="Prisma records no end for a failed migration (rolled back is when someone resolved it), and Runway did not run this one."
    >
      unknown
    </span>
  );
}

export function AttemptItem({ entry, environmentId, title, logsShownAbove = false, actions }: AttemptItemProps) {
  const { migration, attempt, isDeciding } = entry;
  const state = decideAttemptState(migration, attempt, isDeciding);
  const logs = attempt.logs?.trim() ? attempt.logs : null;
  const showModified = isDeciding && migration.state === "modified";

  return (
    <li
      data-testid={`attempt-${migration.name}`}
      data-state={state}
      className={`relative rounded-lg border bg-surface p-4 ${
        state === "failed" ? "border-red-300 dark:border-red-800" : "border-border"
      }`}
    >
      <div className="flex flex-wrap items-center gap-2">
        {title ? (
          <span className="text-sm font-semibold">{title}</span>
        ) : (
          <Link
            href={paths.migration(environmentId, migration.name)}
            className={`${linkClass} font-mono text-sm break-all`}
          >
            {migration.name}
          </Link>
        )}
        <StateBadge state={state} size="sm" />
        {attempt.markedApplied ? (
          <Mark tone="teal" title="Recorded by `prisma migrate resolve --applied`: the script did not run here.">
            ✎ Resolved manually
          </Mark>
        ) : null}
        {showModified ? (
          <Mark tone="violet" title="The local migration.sql differs from the checksum recorded for this attempt.">
            ≠ Modified after apply
          </Mark>
        ) : null}
        {isDeciding && migration.state === "edited_acknowledged" ? (
          <Mark
            tone="violet"
            title={`Edited after apply; ${migration.acknowledgement?.byLabel ?? "someone"} acknowledged this edit in Runway.`}
          >
            ≈ Edited (acknowledged)
          </Mark>
        ) : null}
        {migration.state === "missing_locally" ? (
          <Mark tone="fuchsia" title="This migration is recorded in the database but is not in the migrations source.">
            ? Missing locally
          </Mark>
        ) : null}
        {actions ? <span className="ml-auto">{actions}</span> : null}
      </div>

      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-muted">Started</dt>
          <dd>
            <ExactTime iso={attempt.startedAt} />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Finished</dt>
          <dd>
            <ExactTime iso={attempt.finishedAt} fallback={state === "in_progress" ? "running…" : "never"} />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Rolled back</dt>
          <dd>
            <ExactTime iso={attempt.rolledBackAt} />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Ran for</dt>
          <dd className="tabular-nums">
            <RanFor attempt={attempt} state={state} />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Steps applied</dt>
          <dd className="tabular-nums">{attempt.appliedStepsCount}</dd>
        </div>
        <div className="col-span-2 min-w-0 sm:col-span-3">
          <dt className="text-xs text-muted">Checksum</dt>
          <dd className="truncate font-mono text-xs" title={attempt.checksum}>
            {attempt.checksum}
          </dd>
        </div>
        {attempt.deploy ? (
          <div className="col-span-2 sm:col-span-4">
            <dt className="text-xs text-muted">Deploy</dt>
            <dd>
              {attempt.markedApplied
                ? "migrate resolve --applied"
                : `one of ${pluralize(attempt.deploy.attemptCount, "migration")}`}
              {attempt.deploy.runway ? (
                <>
                  , by {attempt.deploy.runway.requestedBy}
                  {attempt.deploy.runway.approvedBy ? `, approved by ${attempt.deploy.runway.approvedBy}` : ""} (
                  <Link href={paths.action(attempt.deploy.runway.actionId)} className={linkClass}>
                    action
                  </Link>
                  )
                </>
              ) : (
                ", outside Runway"
              )}
            </dd>
          </div>
        ) : null}
      </dl>

      {logs && logsShownAbove ? <p className="mt-3 text-sm text-muted">Its error is shown above.</p> : null}
      {logs && !logsShownAbove ? (
        <div className="mt-3">
          <ErrorLog logs={logs} label={state === "failed" ? "Error stored by Prisma" : "Stored log"} />
        </div>
      ) : null}
    </li>
  );
}
