"use client";
// A project's releases, newest first: where each came from and what it adds over the one before it.
import Link from "next/link";
import type { Role } from "@/lib/api/roles";
import { canOperate } from "@/lib/client/actions";
import { pluralize } from "@/lib/client/format";
import { useProjects, useReleases } from "@/lib/client/hooks";
import type { PromotionStepView, ReleaseView } from "@/lib/releases/views";
import { stepsAtOrPast } from "@/lib/releases/promotion-steps";
import { usePromotion } from "@/lib/client/release-hooks";
import { PromotionPath, PromotionToggle } from "../promotion-path";
import { paths } from "@/lib/client/paths";
import { EmptyState } from "../empty-state";
import { ExactTime } from "../exact-time";
import { GitFetchButton } from "../git-fetch-button";
import { GitSourceSummary } from "../git-source-summary";
import { LoadingBlock } from "../loading-block";
import { PageHeading } from "../page-heading";
import { QueryError } from "../query-error";
import { cardClass, linkClass } from "../ui";

function NameList({ title, names, tone }: { title: string; names: string[]; tone: string }) {
  if (names.length === 0) return null;
  return (
    <div>
      <h3 className="text-xs font-medium text-muted">{title}</h3>
      <ul className="mt-1 space-y-0.5">
        {names.map((name) => (
          <li key={name} className={`font-mono text-xs break-all ${tone}`}>
            {name}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ReleaseItem({ release, steps }: { release: ReleaseView; steps: PromotionStepView[] | undefined }) {
  const { commit } = release;
  const reached = steps ? stepsAtOrPast(steps, release.number) : null;
  return (
    <li className={`${cardClass} space-y-3 p-4`} data-testid={`release-${release.number}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-semibold">
          Release <span className="font-mono">{release.label}</span>{" "}
          <span className="text-muted">#{release.number}</span>
        </h2>
        <span className="text-xs text-muted">
          {release.origin} · <ExactTime iso={release.createdAt} />
          {release.createdByLabel ? ` · ${release.createdByLabel}` : ""}
        </span>
      </div>
      {commit.sha || commit.message ? (
        <p className="text-sm">
          {commit.sha ? <span className="font-mono text-xs">{commit.sha}</span> : null}
          {commit.branch ? <span className="text-muted"> on {commit.branch}</span> : null}
          {commit.author ? <span className="text-muted"> by {commit.author}</span> : null}
          {commit.message ? <span className="block">{commit.message}</span> : null}
        </p>
      ) : null}
      {reached ? (
        <p className="text-sm" data-testid={`release-reached-${release.number}`}>
          <span className="text-muted">At or past it: </span>
          {reached.length > 0 ? reached.map((s) => s.name).join(", ") : "no environment yet"}
        </p>
      ) : null}
      <p className="text-xs text-muted">
        {pluralize(release.migrationCount, "migration")} · sha256{" "}
        <span className="font-mono">{release.checksum.slice(0, 12)}</span>
      </p>
      <div className="grid gap-3 sm:grid-cols-3">
        <NameList title="Adds" names={release.added} tone="text-emerald-800 dark:text-emerald-300" />
        <NameList title="Changes" names={release.changed} tone="text-amber-900 dark:text-amber-200" />
        <NameList title="Removes" names={release.removed} tone="text-red-800 dark:text-red-300" />
      </div>
      {release.added.length + release.changed.length + release.removed.length === 0 ? (
        <p className="text-sm text-muted">No migration differs from the previous release.</p>
      ) : null}
    </li>
  );
}

/** Where a git project's releases come from, and "Fetch now" for those on call. */
function GitSourcePanel({ projectId, role }: { projectId: string; role: Role }) {
  const projects = useProjects();
  const project = projects.data?.find((p) => p.id === projectId);
  if (!project?.git) return null;
  return (
    <section aria-label="Git source" className={`${cardClass} flex flex-wrap items-start justify-between gap-3 p-4`}>
      <GitSourceSummary git={project.git} />
      {canOperate(role) ? <GitFetchButton projectId={project.id} projectName={project.name} /> : null}
    </section>
  );
}

export function ReleasesScreen({ projectId, role }: { projectId: string; role: Role }) {
  const query = useReleases(projectId);
  const promotion = usePromotion(projectId);
  return (
    <div className="space-y-6">
      <PageHeading
        eyebrow={
          <Link href={paths.overview()} className={linkClass}>
            Overview
          </Link>
        }
        title="Releases"
      >
        <p className="text-sm text-muted">Every version of this project&apos;s migrations, newest first.</p>
      </PageHeading>
      <GitSourcePanel projectId={projectId} role={role} />
      <PromotionPath projectId={projectId} />
      {role === "admin" ? <PromotionToggle projectId={projectId} /> : null}
      {query.isPending ? (
        <LoadingBlock label="Loading releases…" />
      ) : query.isError ? (
        <QueryError error={query.error} what="the releases" />
      ) : query.data.releases.length === 0 ? (
        <EmptyState title="No release yet">
          A release is recorded when the migrations source is first read, uploaded or pushed.
        </EmptyState>
      ) : (
        <ol className="space-y-4">
          {query.data.releases.map((release) => (
            <ReleaseItem key={release.id} release={release} steps={promotion.data?.steps} />
          ))}
        </ol>
      )}
    </div>
  );
}
