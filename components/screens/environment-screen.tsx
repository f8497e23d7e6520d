"use client";
// One environment: header, what blocks or threatens a deploy, its actions, then the timeline of attempts. Polls.
// Operators and admins also get the guarded actions (resolve a failed migration, deploy what is pending).
import type { Role } from "@/lib/environments/views";
import { describeError } from "@/lib/client/fetch-json";
import { useEnvironmentStatus } from "@/lib/client/hooks";
import { paths } from "@/lib/client/paths";
import { ActionLauncherProvider, DeployButton, ResolveButtons } from "../actions/action-launcher";
import { ActionsSection } from "../actions/actions-section";
import { Banner } from "../banner";
import { BlockedBanner } from "../blocked-banner";
import { EnvironmentHeader } from "../environment-header";
import { EnvironmentHistory } from "../environment-history";
import { LockHolderBanner } from "../lock-holder-banner";
import { EnvironmentWarnings } from "../environment-warnings";
import { LoadingBlock } from "../loading-block";
import { QueryError } from "../query-error";
import { SchemaSection } from "../schema-section";
import { describeDeployCaution, ShipFixPanel } from "../ship-fix-panel";
import { PromotionPath } from "../promotion-path";
import { canOperate } from "@/lib/client/actions";
import { Timeline } from "../timeline";

export function EnvironmentScreen({ environmentId, role }: { environmentId: string; role: Role }) {
  return (
    <ActionLauncherProvider environmentId={environmentId} role={role}>
      <EnvironmentView environmentId={environmentId} role={role} />
    </ActionLauncherProvider>
  );
}

function EnvironmentView({ environmentId, role }: { environmentId: string; role: Role }) {
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
      <EnvironmentHeader
        status={status}
        isRefreshing={query.isFetching}
        onRefresh={() => void query.refetch()}
        actions={
          status.reachable ? (
            <DeployButton
              pendingCount={status.pendingCount}
              blocked={status.blocked}
              caution={describeDeployCaution(status)}
            />
          ) : null
        }
      />

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
          renderActions={(name) => <ResolveButtons migration={name} />}
        />
      ) : null}

      {status.lockHolder ? <LockHolderBanner holder={status.lockHolder} /> : null}

      <ShipFixPanel status={status} />

      <EnvironmentWarnings status={status} />

      <PromotionPath projectId={status.environment.projectId} environmentId={status.environment.id} />

      <EnvironmentHistory status={status} />

      <ActionsSection environmentId={status.environment.id} />

      {status.reachable ? <SchemaSection environment={status.environment} canCheck={canOperate(role)} /> : null}

      {status.reachable ? (
        <Timeline
          migrations={status.migrations}
          environmentId={status.environment.id}
          renderAttemptActions={(entry) =>
            entry.isDeciding && entry.migration.state === "failed" ? (
              <ResolveButtons migration={entry.migration.name} />
            ) : null
          }
        />
      ) : null}
    </div>
  );
}
