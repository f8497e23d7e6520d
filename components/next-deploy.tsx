// What the next `migrate deploy` will run, in order: a long list shows its first and last few, the rest on demand.
import Link from "next/link";
import type { MigrationView } from "@/lib/environments/views";
import { listUpcoming } from "@/lib/client/attempts";
import { pluralize } from "@/lib/client/format";
import { paths } from "@/lib/client/paths";
import { FoldedList } from "./folded-list";
import { StateBadge } from "./state-badge";
import { linkClass } from "./ui";

export function NextDeploy({ migrations, environmentId }: { migrations: MigrationView[]; environmentId: string }) {
  const upcoming = listUpcoming(migrations);
  return (
    <section aria-labelledby="upcoming-heading" className="space-y-3">
      <h2 id="upcoming-heading" className="text-lg font-semibold">
        Next deploy <span className="font-normal text-muted">({pluralize(upcoming.length, "migration")})</span>
      </h2>
      {upcoming.length > 0 ? (
        <FoldedList
          items={upcoming}
          getKey={(m) => m.name}
          noun="migration"
          numbered
          head={5}
          tail={2}
          testId="upcoming-list"
          className="rounded-lg border border-border bg-surface py-1 pr-3 text-sm marker:text-xs marker:text-muted"
          itemClassName="py-1.5"
          renderItem={(migration) => (
            <span
              data-testid={`pending-${migration.name}`}
              className="inline-flex flex-wrap items-center gap-x-3 gap-y-1"
            >
              <Link
                href={paths.migration(environmentId, migration.name)}
                className={`${linkClass} font-mono break-all`}
              >
                {migration.name}
              </Link>
              <StateBadge state={migration.state} size="sm" />
              <span className="text-muted">
                {migration.state === "rolled_back"
                  ? "Rolled back — will run again on next deploy"
                  : "Not yet applied — will run on next deploy"}
              </span>
            </span>
          )}
        />
      ) : (
        <p className="text-sm text-muted">No migrations are waiting to be applied.</p>
      )}
    </section>
  );
}
