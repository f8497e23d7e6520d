"use client";
// The overview: every project, a card per environment (a list: one item per environment on a phone too) and the
// migration × environment matrix, whose filter is kept in the address. Polls.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { namesInState, type MatrixFilter } from "@/lib/environments/overview-matrix";
import type { OverviewView, ProjectOverviewView } from "@/lib/environments/views";
import { describeError } from "@/lib/client/fetch-json";
import { useOverview } from "@/lib/client/hooks";
import { readMatrixFilter, writeMatrixFilter } from "@/lib/client/matrix-filter";
import { useDeployFacts } from "@/lib/client/oncall-hooks";
import type { LastDeployView } from "@/lib/monitor/views";
import { paths } from "@/lib/client/paths";
import { Banner } from "../banner";
import { EmptyState } from "../empty-state";
import { EnvironmentCard } from "../environment-card";
import { useIntentPrefetch } from "../intent-prefetch";
import { LoadingBlock } from "../loading-block";
import { MigrationMatrix } from "../migration-matrix";
import { PageHeading } from "../page-heading";
import { QueryError } from "../query-error";
import { RefreshStatus } from "../refresh-status";
import { buttonClass, linkClass } from "../ui";
import { previousStep, toPromotionSteps } from "@/lib/releases/promotion-steps";

function ProjectSection({
  project,
  deploys,
  filter,
  onFilterChange,
}: {
  project: ProjectOverviewView;
  deploys: Record<string, LastDeployView | null> | undefined;
  filter: MatrixFilter;
  onFilterChange: (filter: MatrixFilter) => void;
}) {
  const environments = [...project.environments].sort((a, b) => a.environment.position - b.environment.position);
  const headingId = `project-${project.id}`;
  const steps = toPromotionSteps(environments);
  const intent = useIntentPrefetch();
  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 id={headingId} className="text-xl font-semibold">
          {project.name}
        </h2>
        <Link href={paths.releases(project.id)} className={`${linkClass} text-sm`}>
          Releases
        </Link>
      </div>
      {environments.length === 0 ? (
        <p className="text-sm text-muted">No environments yet. An admin adds them on the Admin page.</p>
      ) : (
        <>
          <ul
            aria-label={`${project.name}: environments`}
            className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3"
            onPointerOver={intent.onPointerOver}
            onPointerLeave={intent.onPointerLeave}
            onFocus={intent.onFocus}
            onBlur={intent.onBlur}
          >
            {environments.map((summary) => (
              <li key={summary.environment.id} className="flex">
                <EnvironmentCard
                  summary={summary}
                  failedMigrations={namesInState(project.matrix, summary.environment.id, "failed")}
                  lastDeploy={deploys?.[summary.environment.id]}
                  previous={previousStep(steps, summary.environment.id)}
                />
              </li>
            ))}
          </ul>
          <h3 className="pt-2 text-base font-semibold">Migrations by environment</h3>
          <MigrationMatrix
            projectName={project.name}
            matrix={project.matrix}
            environments={environments}
            filter={filter}
            onFilterChange={onFilterChange}
          />
        </>
      )}
    </section>
  );
}

/** The matrix filter, read from the address once and written back to it (replaceState: no navigation, no request). */
function useMatrixFilter(): [MatrixFilter, (filter: MatrixFilter) => void] {
  const searchParams = useSearchParams();
  const [filter, setFilter] = useState(() => readMatrixFilter(searchParams));
  const update = (next: MatrixFilter) => {
    setFilter(next);
    const query = writeMatrixFilter(new URLSearchParams(window.location.search), next).toString();
    window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
  };
  return [filter, update];
}

export function OverviewScreen({ isAdmin, initial }: { isAdmin: boolean; initial?: OverviewView }) {
  const query = useOverview(initial);
  const deploys = useDeployFacts().data;
  const [filter, setFilter] = useMatrixFilter();

  if (query.isPending) return <LoadingBlock label="Reading the migration state of every environment…" />;
  if (!query.data) {
    return <QueryError error={query.error} what="the overview" onRetry={() => void query.refetch()} />;
  }

  const overview = query.data;
  return (
    <div className="space-y-8">
      <PageHeading
        title="Overview"
        actions={
          <RefreshStatus
            checkedAt={overview.generatedAt}
            isRefreshing={query.isFetching}
            onRefresh={() => void query.refetch()}
          />
        }
      >
        <p className="text-sm text-muted">Prisma migration state of every environment, refreshed every 10 seconds.</p>
      </PageHeading>

      {query.isError ? (
        <Banner tone="warning" title="The last refresh failed; showing the previous state">
          <p>{describeError(query.error)}</p>
        </Banner>
      ) : null}

      {overview.projects.length === 0 ? (
        <EmptyState
          title="No environments to show yet"
          action={
            isAdmin ? (
              <Link href={paths.admin()} className={buttonClass("primary")}>
                Go to Admin
              </Link>
            ) : null
          }
        >
          <p>
            Runway shows a project here once an admin has registered it (its Prisma migrations folder, or an uploaded
            copy) and added at least one environment (dev, staging, prod…) with its database URL.
          </p>
          {isAdmin ? null : <p>Ask an admin to register yours.</p>}
        </EmptyState>
      ) : (
        overview.projects.map((project) => (
          <ProjectSection
            key={project.id}
            project={project}
            deploys={deploys}
            filter={filter}
            onFilterChange={setFilter}
          />
        ))
      )}
    </div>
  );
}
