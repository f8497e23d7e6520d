// One deploy of the history: what it did, when, for how long, who ran it, its failure (with Prisma's stored
// error) in full, and its migrations folded until asked for.
import Link from "next/link";
import { useState, type ReactNode } from "react";
import type { DeployAttemptView, DeployView } from "@/lib/environments/views";
import { formatDuration, pluralize } from "@/lib/client/format";
import { paths } from "@/lib/client/paths";
import { ErrorLog } from "./error-log";
import { ExactTime } from "./exact-time";
import { FoldedList } from "./folded-list";
import { StateBadge } from "./state-badge";
import { linkClass } from "./ui";

interface DeployItemProps {
  deploy: DeployView;
  environmentId: string;
  /** Controls for an attempt (resolve buttons on the failed one that blocks deploys). */
  renderAttemptActions?: (attempt: DeployAttemptView) => ReactNode;
}

const RAN_FOR_UNKNOWN =
  "Prisma records no end for a failed migration, and Runway did not run this one: how long it ran is not known.";

function Duration({
  ms,
  source,
  failed,
}: {
  ms: number | null;
  source: DeployView["durationSource"];
  failed: boolean;
}) {
  if (ms === null)
    return failed ? (
      <span title={RAN_FOR_UNKNOWN} className="text-muted">
        ran for an unknown time
      </span>
    ) : null;
  return (
    <span className="tabular-nums" title={source === "runway_log" ? "Measured from Runway's action log" : undefined}>
      {formatDuration(ms)}
    </span>
  );
}

function Via({ deploy }: { deploy: DeployView }) {
  if (!deploy.runway) return <span>outside Runway</span>;
  const { requestedBy, approvedBy, actionId } = deploy.runway;
  return (
    <span>
      by {requestedBy}
      {approvedBy ? `, approved by ${approvedBy}` : ""} (
      <Link href={paths.action(actionId)} className={linkClass}>
        action
      </Link>
      )
    </span>
  );
}

function MigrationLink({ environmentId, name }: { environmentId: string; name: string }) {
  return (
    <Link href={paths.migration(environmentId, name)} className={`${linkClass} font-mono break-all`}>
      {name}
    </Link>
  );
}

/** One attempt in the folded list: its migration, what happened, how long it ran. */
function AttemptRow({ attempt, environmentId }: { attempt: DeployAttemptView; environmentId: string }) {
  return (
    <span
      data-testid={`attempt-${attempt.migrationName}`}
      data-state={attempt.state}
      className="inline-flex flex-wrap items-center gap-x-2 gap-y-0.5"
    >
      <MigrationLink environmentId={environmentId} name={attempt.migrationName} />
      {attempt.state !== "applied" ? <StateBadge state={attempt.state} size="sm" /> : null}
      {attempt.durationMs !== null ? (
        <span className="text-xs tabular-nums text-muted">{formatDuration(attempt.durationMs)}</span>
      ) : null}
    </span>
  );
}

/** The attempt that failed: named, with what became of it and Prisma's stored error. */
function Failure({
  attempt,
  environmentId,
  actions,
}: {
  attempt: DeployAttemptView;
  environmentId: string;
  actions: ReactNode;
}) {
  return (
    <div
      data-testid={`attempt-${attempt.migrationName}`}
      data-state={attempt.state}
      className="space-y-2 rounded-md border border-red-300 p-3 dark:border-red-800"
    >
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <span>Failed on</span>
        <MigrationLink environmentId={environmentId} name={attempt.migrationName} />
        <StateBadge state={attempt.state} size="sm" />
        {attempt.rolledBackAt ? (
          <span className="text-muted">
            resolved <ExactTime iso={attempt.rolledBackAt} />
          </span>
        ) : null}
        {actions ? <span className="ml-auto">{actions}</span> : null}
      </p>
      {attempt.logs?.trim() ? <ErrorLog logs={attempt.logs} label="Error stored by Prisma" /> : null}
    </div>
  );
}

function title(deploy: DeployView): string {
  if (deploy.kind === "resolve_applied") return "Marked applied (migrate resolve --applied)";
  if (deploy.outcome === "in_progress") return `Deploying ${pluralize(deploy.attemptCount, "migration")}…`;
  if (deploy.outcome === "failed") return `Deploy of ${pluralize(deploy.attemptCount, "migration")} failed`;
  return `Deployed ${pluralize(deploy.attemptCount, "migration")}`;
}

function badgeState(deploy: DeployView): DeployAttemptView["state"] {
  if (deploy.kind === "resolve_applied") return "applied_manually";
  if (deploy.outcome === "in_progress") return "in_progress";
  const failed = deploy.attempts.find((a) => a.migrationName === deploy.failedMigration);
  return failed?.state ?? "applied";
}

export function DeployItem({ deploy, environmentId, renderAttemptActions }: DeployItemProps) {
  const [open, setOpen] = useState(false);
  const failed = deploy.failedMigration
    ? (deploy.attempts.find((a) => a.migrationName === deploy.failedMigration && a.state !== "applied") ?? null)
    : null;
  const single = deploy.attempts.length === 1 ? deploy.attempts[0] : null;
  const first = deploy.attempts[0];
  const last = deploy.attempts.at(-1)!;
  return (
    <li
      data-testid="deploy-item"
      data-outcome={deploy.outcome}
      data-deploy-id={deploy.id}
      className={`space-y-2 rounded-lg border bg-surface p-3 ${
        failed?.state === "failed" ? "border-red-300 dark:border-red-800" : "border-border"
      }`}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <StateBadge state={badgeState(deploy)} size="sm" />
        <h3 className="text-sm font-semibold">{title(deploy)}</h3>
        <p className="flex flex-wrap gap-x-2 text-xs text-muted">
          <ExactTime iso={deploy.startedAt} />
          <span aria-hidden="true">·</span>
          <Duration ms={deploy.durationMs} source={deploy.durationSource} failed={deploy.outcome === "failed"} />
          {deploy.durationMs !== null || deploy.outcome === "failed" ? <span aria-hidden="true">·</span> : null}
          <Via deploy={deploy} />
        </p>
      </div>

      {single && !failed ? (
        <p className="text-sm">
          <AttemptRow attempt={single} environmentId={environmentId} />
        </p>
      ) : !single ? (
        <p className="text-xs text-muted">
          <span className="font-mono break-all">{first.migrationName}</span> →{" "}
          <span className="font-mono break-all">{last.migrationName}</span>
        </p>
      ) : null}

      {failed ? (
        <Failure attempt={failed} environmentId={environmentId} actions={renderAttemptActions?.(failed)} />
      ) : null}

      {!single ? (
        <details className="text-sm" onToggle={(event) => setOpen(event.currentTarget.open)}>
          <summary className="cursor-pointer text-accent">
            {open ? "Hide" : "Show"} its {pluralize(deploy.attemptCount, "migration")}
          </summary>
          {/* Rendered only while open: a deploy of 400 migrations costs nothing until someone looks. */}
          {open ? (
            <FoldedList
              items={deploy.attempts}
              getKey={(a) => a.id}
              noun="migration"
              numbered
              head={10}
              tail={5}
              className="mt-2 space-y-0.5 text-sm marker:text-xs marker:text-muted"
              renderItem={(attempt) => <AttemptRow attempt={attempt} environmentId={environmentId} />}
            />
          ) : null}
        </details>
      ) : null}
    </li>
  );
}
