// What is in an environment and since when: its last deploy (when, by whom, approved by whom, which migrations)
// and the latest applied migration. Rows of a <dl>, for a card or the environment page.
import type { EnvironmentSummaryView } from "@/lib/environments/views";
import type { LastDeployView } from "@/lib/monitor/views";
import { paths } from "@/lib/client/paths";
import { FoldedList } from "./folded-list";
import { RelativeTime } from "./relative-time";
import { linkClass } from "./ui";

interface DeployFactsProps {
  lastDeploy: LastDeployView | null | undefined;
  latestApplied: EnvironmentSummaryView["latestApplied"];
  /** Cards show one line per fact; the environment page lists the migrations too. */
  detailed?: boolean;
}

function deployedBy(deploy: LastDeployView): string {
  if (deploy.via === "outside") return "outside Runway";
  return `by ${deploy.requestedBy ?? "someone"}${deploy.approvedBy ? `, approved by ${deploy.approvedBy}` : ""}`;
}

export function DeployFacts({ lastDeploy, latestApplied, detailed = false }: DeployFactsProps) {
  return (
    <>
      <dt className="text-muted">Last deploy</dt>
      <dd data-testid="last-deploy">
        {lastDeploy ? (
          <>
            <RelativeTime iso={lastDeploy.at} /> {deployedBy(lastDeploy)}
            {lastDeploy.actionId ? (
              <>
                {" "}
                (
                <a href={paths.action(lastDeploy.actionId)} className={linkClass}>
                  action
                </a>
                )
              </>
            ) : null}
            {detailed && lastDeploy.migrations.length > 0 ? (
              <FoldedList
                items={lastDeploy.migrations}
                noun="migration"
                className="mt-1 space-y-0.5 font-mono text-xs"
                itemClassName="break-all"
                renderItem={(m) => m}
              />
            ) : lastDeploy.migrations.length > 0 ? (
              <span className="text-muted"> · {lastDeploy.migrations.length} migration(s)</span>
            ) : null}
          </>
        ) : (
          <span className="text-muted">none seen yet</span>
        )}
      </dd>
      <dt className="text-muted">Latest migration</dt>
      <dd data-testid="latest-applied" className="min-w-0">
        {latestApplied ? (
          <>
            <span className="font-mono break-all">{latestApplied.name}</span>{" "}
            <RelativeTime iso={latestApplied.finishedAt} className="text-muted" />
          </>
        ) : (
          <span className="text-muted">none applied</span>
        )}
      </dd>
    </>
  );
}
