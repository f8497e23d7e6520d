"use client";
// Environments grouped by project, in deploy order, and the form to add one.
import Link from "next/link";
import type { EnvironmentView, ProjectView } from "@/lib/environments/views";
import { formatDuration } from "@/lib/client/format";
import { useEnvironments, useProjects } from "@/lib/client/hooks";
import { paths } from "@/lib/client/paths";
import { ProtectedMarker } from "../../protected-marker";
import { QueryError } from "../../query-error";
import { linkClass } from "../../ui";
import { NewEnvironmentForm } from "./new-environment-form";

function EnvironmentTable({ project, environments }: { project: ProjectView; environments: EnvironmentView[] }) {
  if (environments.length === 0) return <p className="text-sm text-muted">No environments yet.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Environments of {project.name}</caption>
        <thead className="bg-subtle text-xs">
          <tr>
            <th scope="col" className="px-3 py-2">
              Position
            </th>
            <th scope="col" className="px-3 py-2">
              Name
            </th>
            <th scope="col" className="px-3 py-2">
              Database
            </th>
            <th scope="col" className="px-3 py-2">
              Schema
            </th>
            <th scope="col" className="px-3 py-2">
              Timeouts
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {environments.map((env) => (
            <tr key={env.id}>
              <td className="px-3 py-2 tabular-nums">{env.position}</td>
              <th scope="row" className="px-3 py-2 font-medium">
                <span className="flex items-center gap-2">
                  <Link href={paths.environment(env.id)} className={linkClass}>
                    {env.name}
                  </Link>
                  {env.isProtected ? <ProtectedMarker /> : null}
                </span>
              </th>
              <td className="max-w-xs truncate px-3 py-2 font-mono text-xs" title={env.urlDisplay}>
                {env.urlDisplay}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{env.schema}</td>
              <td className="px-3 py-2 text-xs tabular-nums">
                {formatDuration(env.connectTimeoutMs)} / {formatDuration(env.statementTimeoutMs)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EnvironmentsPanel() {
  const environments = useEnvironments();
  const projects = useProjects();
  const projectList = projects.data ?? [];

  return (
    <section aria-labelledby="environments-heading" className="space-y-4">
      <h2 id="environments-heading" className="text-xl font-semibold">
        Environments
      </h2>

      {environments.isPending || projects.isPending ? (
        <p role="status" className="text-sm text-muted">
          Loading environments…
        </p>
      ) : environments.isError || projects.isError ? (
        <QueryError
          error={environments.error ?? projects.error}
          what="the environments"
          onRetry={() => {
            void environments.refetch();
            void projects.refetch();
          }}
        />
      ) : projectList.length === 0 ? (
        <p className="text-sm text-muted">Register a project first; environments belong to a project.</p>
      ) : (
        projectList.map((project) => {
          const own = environments.data
            .filter((env) => env.projectId === project.id)
            .sort((a, b) => a.position - b.position);
          return (
            <div key={project.id} className="space-y-2">
              <h3 className="text-base font-semibold">{project.name}</h3>
              <EnvironmentTable project={project} environments={own} />
            </div>
          );
        })
      )}

      {projectList.length > 0 ? <NewEnvironmentForm projects={projectList} /> : null}
    </section>
  );
}
