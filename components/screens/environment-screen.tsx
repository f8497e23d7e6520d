"use client";
// One environment: header, what blocks or threatens a deploy, its actions, what the next deploy runs, then the
// history one row per deploy, paged. Polls. Operators and admins also get the guarded actions (resolve a failed
// migration, deploy what is pending). The status is read with only the migrations that need attention
// (`?migrations=open`); the history comes a page at a time.
import type { Role } from "@/lib/environments/views";
import { describeError } from "@/lib/client/fetch-json";
import { useSearchParams } from "next/navigation";
import { useEnvironmentStatus, usePrefetchEnvironmentPage } from "@/lib/client/hooks";
import { usePrefetchEnvironmentActivity } from "@/lib/client/oncall-hooks";
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
import { DeployHistory, HISTORY_FILTER_PARAM } from "../deploy-history";
import { NextDeploy } from "../next-deploy";

export function EnvironmentScreen({ environmentId, role }: { environmentId: string; role: Role }) {
  return (
    <ActionLauncherProvider environmentId={environmentId} role={role}>
      <EnvironmentView environmentId={environmentId} role={role} />
    </ActionLauncherProvider>
  );
}

function EnvironmentView({ environmentId, role }: { environmentId: string; role: Role }) {
  const query = useEnvironmentStatus(environmentId);
  usePrefetchEnvironmentPage(environmentId, useSearchParams().get(HISTORY_FILTER_PARAM) === "failures");
  usePrefetchEnvironmentActivity(environmentId);

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

      {status.reachable ? <NextDeploy migrations={status.migrations} environmentId={status.environment.id} /> : null}

      {status.reachable ? (
        <DeployHistory
          environmentId={status.environment.id}
          renderAttemptActions={(attempt) =>
            attempt.isCurrent && attempt.state === "failed" ? (
              <ResolveButtons migration={attempt.migrationName} />
            ) : null
          }
        />
      ) : null}
    </div>
  );
}
