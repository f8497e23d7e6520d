"use client";
// Registered projects and where their migrations come from; admins add, edit and remove projects and upload new
// bundles here.
import { useState } from "react";
import type { ProjectView } from "@/lib/environments/views";
import { pluralize } from "@/lib/client/format";
import { useProjects, useRemoveProject } from "@/lib/client/hooks";
import { ConfirmByTypingDialog } from "../../confirm-by-typing-dialog";
import { ExactTime } from "../../exact-time";
import { QueryError } from "../../query-error";
import { buttonClass } from "../../ui";
import { EditProjectDialog } from "./edit-project-dialog";
import { NewProjectForm } from "./new-project-form";
import { UploadBundleForm } from "./upload-bundle-form";

function describeProjectSource(project: ProjectView) {
  if (project.sourceKind === "folder") {
    return (
      <>
        <span className="text-muted">Folder </span>
        <span className="font-mono text-xs break-all">{project.folderPath}</span>
      </>
    );
  }
  if (!project.latestBundle)
    return <span className="text-amber-800 dark:text-amber-300">Upload: no version uploaded yet</span>;
  const bundle = project.latestBundle;
  return (
    <>
      <span className="text-muted">Upload </span>v{bundle.version} · {bundle.migrationCount} migrations ·{" "}
      <span className="font-mono text-xs" title={bundle.checksum}>
        {bundle.checksum.slice(0, 12)}
      </span>{" "}
      · <ExactTime iso={bundle.createdAt} />
    </>
  );
}

function RemoveProjectDialog({ project, onClose }: { project: ProjectView; onClose: () => void }) {
  const remove = useRemoveProject();
  return (
    <ConfirmByTypingDialog
      title={`Remove project ${project.name}?`}
      name={project.name}
      confirmLabel="Remove project"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={(confirmation) => remove.mutate({ id: project.id, confirmation }, { onSuccess: onClose })}
      onClose={onClose}
      testId="remove-project-dialog"
    >
      <p>
        {project.name} and its {pluralize(project.environmentCount, "environment")} disappear from the overview, the
        monitor and every list; nobody can act on them any more. Their databases are not touched.
      </p>
      <p className="text-muted">
        Their actions, audit events and activity stay readable under their names. Refused while an action is queued,
        awaiting approval or running on one of them.
      </p>
    </ConfirmByTypingDialog>
  );
}

function ProjectRow({ project }: { project: ProjectView }) {
  const [uploading, setUploading] = useState(false);
  const [dialog, setDialog] = useState<"edit" | "remove" | null>(null);
  return (
    <li className="space-y-3 px-4 py-3" data-testid="project-row" data-project-name={project.name}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0 space-y-0.5">
          <p className="font-semibold break-words">{project.name}</p>
          <p className="text-sm break-words">{describeProjectSource(project)}</p>
          <p className="text-xs text-muted">
            {pluralize(project.environmentCount, "environment")} · patches use{" "}
            <span className="font-mono break-all">{project.repoMigrationsPath}</span>
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {project.sourceKind === "upload" ? (
            <button
              type="button"
              className={buttonClass("secondary", "sm")}
              aria-expanded={uploading}
              onClick={() => setUploading((value) => !value)}
            >
              {uploading ? "Cancel upload" : "Upload new version"}
            </button>
          ) : null}
          <button type="button" className={buttonClass("secondary", "sm")} onClick={() => setDialog("edit")}>
            Edit<span className="sr-only"> project {project.name}</span>
          </button>
          <button type="button" className={buttonClass("ghost", "sm")} onClick={() => setDialog("remove")}>
            Remove…<span className="sr-only"> project {project.name}</span>
          </button>
        </div>
      </div>
      {uploading ? <UploadBundleForm project={project} /> : null}
      {dialog === "edit" ? <EditProjectDialog project={project} onClose={() => setDialog(null)} /> : null}
      {dialog === "remove" ? <RemoveProjectDialog project={project} onClose={() => setDialog(null)} /> : null}
    </li>
  );
}

export function ProjectsPanel() {
  const projects = useProjects();

  return (
    <section aria-labelledby="projects-heading" className="space-y-4">
      <h2 id="projects-heading" className="text-xl font-semibold">
        Projects
      </h2>

      {projects.isPending ? (
        <p role="status" className="text-sm text-muted">
          Loading projects…
        </p>
      ) : projects.isError ? (
        <QueryError error={projects.error} what="the projects" onRetry={() => void projects.refetch()} />
      ) : projects.data.length === 0 ? (
        <p className="text-sm text-muted">
          No projects yet. Register one below: its migrations folder on this server, or an uploaded copy.
        </p>
      ) : (
        <ul className="divide-y divide-border rounded-lg border border-border bg-surface">
          {projects.data.map((project) => (
            <ProjectRow key={project.id} project={project} />
          ))}
        </ul>
      )}

      <NewProjectForm />
    </section>
  );
}
