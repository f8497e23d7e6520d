// The top of an environment's page: which database this is, what it is compared against, and its health.
import Link from "next/link";
import type { ReactNode } from "react";
import type { EnvironmentStatusView, MigrationSourceView } from "@/lib/environments/views";
import { formatDuration, pluralize } from "@/lib/client/format";
import { paths } from "@/lib/client/paths";
import { HealthBadge } from "./health-badge";
import { PageHeading } from "./page-heading";
import { ProtectedMarker } from "./protected-marker";
import { RefreshStatus } from "./refresh-status";
import { ReleaseMarker } from "./release-marker";
import { StateCounts } from "./state-counts";
import { linkClass } from "./ui";

/** The server already words it: `folder /srv/app/prisma/migrations` or `bundle v3 (sha256 abcd…)`. */
export function describeSource(source: MigrationSourceView): string {
  return source.kind === "folder" && !source.label.startsWith("folder ") ? `folder ${source.label}` : source.label;
}

interface EnvironmentHeaderProps {
  status: EnvironmentStatusView;
  isRefreshing: boolean;
  onRefresh: () => void;
  /** Action buttons shown next to the refresh (e.g. "Deploy N pending…"). */
  actions?: ReactNode;
}

export function EnvironmentHeader({ status, isRefreshing, onRefresh, actions }: EnvironmentHeaderProps) {
  const env = status.environment;
  return (
    <div className="space-y-4">
      <PageHeading
        eyebrow={
          <>
            <Link href={paths.overview()} className={linkClass}>
              Overview
            </Link>
            <span aria-hidden="true"> / </span>
            {env.projectName}
          </>
        }
        title={
          <span className="flex flex-wrap items-center gap-3">
            {env.name}
            {env.isProtected ? <ProtectedMarker /> : null}
            <HealthBadge health={status.health} pendingCount={status.pendingCount} />
          </span>
        }
        actions={
          <>
            {actions}
            <RefreshStatus checkedAt={status.checkedAt} isRefreshing={isRefreshing} onRefresh={onRefresh} />
          </>
        }
      />
      <dl className="grid gap-x-8 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
        <div className="min-w-0">
          <dt className="text-xs text-muted">Database</dt>
          <dd className="truncate font-mono text-xs" title={env.urlDisplay}>
            {env.urlDisplay}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Schema</dt>
          <dd className="font-mono text-xs">{env.schema}</dd>
        </div>
        <div className="min-w-0">
          <dt className="text-xs text-muted">Migrations source</dt>
          <dd className="truncate" title={describeSource(status.source)}>
            {describeSource(status.source)}{" "}
            <span className="text-muted">({pluralize(status.source.migrationCount, "migration")})</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Release</dt>
          <dd>
            <ReleaseMarker release={status.release} projectId={env.projectId} />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Server</dt>
          <dd>{status.serverVersion ?? <span className="text-muted">unknown</span>}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Check took</dt>
          <dd className="tabular-nums">{formatDuration(status.durationMs)}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Timeouts</dt>
          <dd className="tabular-nums">
            connect {formatDuration(env.connectTimeoutMs)} · statement {formatDuration(env.statementTimeoutMs)}
          </dd>
        </div>
      </dl>
      <StateCounts counts={status.counts} />
    </div>
  );
}
