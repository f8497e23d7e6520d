// One environment on the overview: its health in one badge and the one fact to act on.
import Link from "next/link";
import type { EnvironmentSummaryView } from "@/lib/environments/views";
import type { LastDeployView } from "@/lib/monitor/views";
import { pluralize } from "@/lib/client/format";
import { paths } from "@/lib/client/paths";
import { DeployFacts } from "./deploy-facts";
import { HealthBadge } from "./health-badge";
import { ProtectedMarker } from "./protected-marker";
import { RelativeTime } from "./relative-time";
import { ReleaseMarker } from "./release-marker";
import { PreviousStepNote } from "./promotion-path";
import type { PromotionStepView } from "@/lib/releases/views";
import { cardClass, linkClass } from "./ui";

interface EnvironmentCardProps {
  summary: EnvironmentSummaryView;
  /** Names of failed migrations in this environment (from the matrix; the summary has no migration list). */
  failedMigrations: string[];
  /** The last deploy seen (undefined while loading). */
  lastDeploy?: LastDeployView | null;
  /** The environment before this one in the project's order (promotion), if any. */
  previous?: PromotionStepView | null;
}

function describeDivergence(summary: EnvironmentSummaryView): string | null {
  const parts: string[] = [];
  if (summary.counts.modified > 0) parts.push(`${pluralize(summary.counts.modified, "migration")} edited after apply`);
  if (summary.counts.missing_locally > 0)
    parts.push(`${pluralize(summary.counts.missing_locally, "migration")} missing from the source`);
  return parts.length > 0 ? parts.join(", ") : null;
}

function CardFact({ summary, failedMigrations }: EnvironmentCardProps) {
  const env = summary.environment;
  if (!summary.reachable) {
    return (
      <p className="text-sm text-orange-900 dark:text-orange-200">
        {summary.error?.title ?? "Could not read this database"}
      </p>
    );
  }
  if (summary.blocked) {
    return (
      <div className="text-sm">
        <p className="font-medium text-red-800 dark:text-red-300">Failed migration blocks deploys:</p>
        <ul className="mt-1 space-y-0.5">
          {failedMigrations.map((name) => (
            <li key={name}>
              <Link
                href={paths.migration(env.id, name)}
                prefetch={false}
                data-intent-prefetch=""
                className={`${linkClass} font-mono text-xs break-all`}
              >
                {name}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (summary.inProgress) {
    const holder = summary.lockHolder;
    return (
      <p className="text-sm">
        A deploy is running{holder?.applicationName ? ` (${holder.applicationName}, pid ${holder.pid})` : ""}.
      </p>
    );
  }
  if (summary.health === "drifted" && summary.drift) {
    return (
      <p className="text-sm text-amber-900 dark:text-amber-200" data-testid="card-drift">
        Schema drift: {pluralize(summary.drift.changeCount, "difference")} from what its applied migrations create
        {summary.pendingCount > 0 ? `; ${pluralize(summary.pendingCount, "migration")} pending` : ""}.
      </p>
    );
  }
  const divergence = describeDivergence(summary);
  if (divergence) return <p className="text-sm text-violet-900 dark:text-violet-200">{divergence}.</p>;
  if (!summary.hasMigrationsTable) return <p className="text-sm text-muted">No _prisma_migrations table yet.</p>;
  if (summary.pendingCount > 0)
    return <p className="text-sm">{pluralize(summary.pendingCount, "migration")} will run on the next deploy.</p>;
  return <p className="text-sm text-muted">All {pluralize(summary.source.migrationCount, "migration")} applied.</p>;
}

export function EnvironmentCard({ summary, failedMigrations, lastDeploy, previous }: EnvironmentCardProps) {
  const env = summary.environment;
  const accent =
    summary.health === "blocked"
      ? "border-l-red-600"
      : summary.health === "unreachable"
        ? "border-l-orange-500"
        : summary.health === "up_to_date"
          ? "border-l-emerald-500"
          : summary.health === "drifted"
            ? "border-l-amber-500"
            : "border-l-border";
  return (
    <article
      data-testid={`env-card-${env.name}`}
      aria-labelledby={`env-card-title-${env.id}`}
      className={`${cardClass} flex w-full flex-col gap-3 border-l-4 p-4 ${accent}`}
    >
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div className="flex items-center gap-2">
          <h3 id={`env-card-title-${env.id}`} className="text-base font-semibold">
            <Link href={paths.environment(env.id)} prefetch={false} data-intent-prefetch="" className={linkClass}>
              {env.name}
            </Link>
          </h3>
          {env.isProtected ? <ProtectedMarker /> : null}
        </div>
        <HealthBadge health={summary.health} pendingCount={summary.pendingCount} />
      </header>

      <CardFact summary={summary} failedMigrations={failedMigrations} />

      {summary.source.error ? (
        <p className="text-sm text-amber-900 dark:text-amber-200">
          <span aria-hidden="true">⚠ </span>Migrations source: {summary.source.error}
        </p>
      ) : null}

      {/* On a phone the list stays short: the details are one tap away, on the environment's page. */}
      <dl className="mt-auto hidden grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs sm:grid">
        <dt className="text-muted">Database</dt>
        <dd className="truncate font-mono" title={env.urlDisplay}>
          {env.urlDisplay}
        </dd>
        <dt className="text-muted">Schema</dt>
        <dd className="font-mono">{env.schema}</dd>
        <DeployFacts lastDeploy={lastDeploy} latestApplied={summary.latestApplied} />
        <dt className="text-muted">Release</dt>
        <dd>
          <ReleaseMarker release={summary.release} projectId={env.projectId} />
        </dd>
        <PreviousStepNote previous={previous} />
        <dt className="text-muted">Last checked</dt>
        <dd data-testid="last-checked">
          <RelativeTime iso={summary.checkedAt} />
          {summary.refreshing ? <span className="text-muted"> · last known, refreshing</span> : null}
        </dd>
      </dl>
    </article>
  );
}
