// What happened to this database, newest first, and what the next deploy will do.
import Link from "next/link";
import type { ReactNode } from "react";
import type { MigrationView } from "@/lib/environments/views";
import { buildTimeline, listUpcoming, type TimelineEntry } from "@/lib/client/attempts";
import { paths } from "@/lib/client/paths";
import { AttemptItem } from "./attempt-item";
import { StateBadge } from "./state-badge";
import { linkClass } from "./ui";

interface TimelineProps {
  migrations: MigrationView[];
  environmentId: string;
  /** Controls shown on an attempt of the history (e.g. resolve buttons on a failed one). */
  renderAttemptActions?: (entry: TimelineEntry) => ReactNode;
}

function UpcomingList({ migrations, environmentId }: Omit<TimelineProps, "renderAttemptActions">) {
  return (
    <ol className="divide-y divide-border rounded-lg border border-border bg-surface">
      {migrations.map((migration, index) => (
        <li
          key={migration.name}
          data-testid={`pending-${migration.name}`}
          className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5"
        >
          <span className="w-6 text-right text-xs tabular-nums text-muted" aria-hidden="true">
            {index + 1}.
          </span>
          <Link
            href={paths.migration(environmentId, migration.name)}
            className={`${linkClass} font-mono text-sm break-all`}
          >
            {migration.name}
          </Link>
          <StateBadge state={migration.state} size="sm" />
          <span className="text-sm text-muted">
            {migration.state === "rolled_back"
              ? "Rolled back — will run again on next deploy"
              : "Not yet applied — will run on next deploy"}
          </span>
        </li>
      ))}
    </ol>
  );
}

export function Timeline({ migrations, environmentId, renderAttemptActions }: TimelineProps) {
  const upcoming = listUpcoming(migrations);
  const entries = buildTimeline(migrations);

  return (
    <div className="space-y-8">
      <section aria-labelledby="upcoming-heading" className="space-y-3">
        <h2 id="upcoming-heading" className="text-lg font-semibold">
          Next deploy <span className="font-normal text-muted">({upcoming.length})</span>
        </h2>
        {upcoming.length > 0 ? (
          <UpcomingList migrations={upcoming} environmentId={environmentId} />
        ) : (
          <p className="text-sm text-muted">No migrations are waiting to be applied.</p>
        )}
      </section>

      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-lg font-semibold">
          History <span className="font-normal text-muted">({entries.length} attempts, newest first)</span>
        </h2>
        {entries.length > 0 ? (
          <ol className="space-y-3">
            {entries.map((entry) => (
              <AttemptItem
                key={entry.attempt.id}
                entry={entry}
                environmentId={environmentId}
                actions={renderAttemptActions?.(entry)}
              />
            ))}
          </ol>
        ) : (
          <p className="text-sm text-muted">No migration has run against this database yet.</p>
        )}
      </section>
    </div>
  );
}
