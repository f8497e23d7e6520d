"use client";
// One environment: header, what blocks or threatens a deploy, then the timeline of attempts. Polls.
import { describeError } from "@/lib/client/fetch-json";
import { useEnvironmentStatus } from "@/lib/client/hooks";
import { paths } from "@/lib/client/paths";
import { Banner } from "../banner";
import { BlockedBanner } from "../blocked-banner";
import { EnvironmentHeader } from "../environment-header";
import { EnvironmentWarnings } from "../environment-warnings";
import { LoadingBlock } from "../loading-block";
import { QueryError } from "../query-error";
import { Timeline } from "../timeline";

export function EnvironmentScreen({ environmentId }: { environmentId: string }) {
  const query = useEnvironmentStatus(environmentId);

  if (query.isPending) return <LoadingBlock label="Reading this environment's migration history…" rows={2} />;
  if (!query.data) {
    return (
      <QueryError
        error={query.error}
        what="this environment"
        onRetry={() => void query.refetch()}
        backHref={paths.overview()}
      />
    );
  }

  const status = query.data;
  const failed = status.migrations.filter((m) => m.state === "failed").map((m) => m.name);
  return (
    <div className="space-y-6">
      <EnvironmentHeader status={status} isRefreshing={query.isFetching} onRefresh={() => void query.refetch()} />

      {query.isError ? (
        <Banner tone="warning" title="The last refresh failed; showing the previous state">
          <p>{describeError(query.error)}</p>
        </Banner>
      ) : null}

      {status.blocked ? (
        <BlockedBanner
          environmentId={status.environment.id}
          environmentName={status.environment.name}
          blockedMessage={status.blockedMessage}
          failedMigrations={failed}
        />
      ) : null}

      <EnvironmentWarnings status={status} />

      {status.reachable ? <Timeline migrations={status.migrations} environmentId={status.environment.id} /> : null}
    </div>
  );
}
