"use client";
// Registered projects and where their migrations come from; admins add, edit and remove projects, upload new
// bundles, fetch git sources now and regenerate their webhook secrets here.
import { useState } from "react";
import type { ProjectView } from "@/lib/environments/views";
import type { GitWebhookSecretView } from "@/lib/api/responses";
import { pluralize } from "@/lib/client/format";
import { useProjects, useRegenerateWebhookSecret, useRemoveProject } from "@/lib/client/hooks";
import { ConfirmByTypingDialog } from "../../confirm-by-typing-dialog";
import { ExactTime } from "../../exact-time";
import { GitFetchButton } from "../../git-fetch-button";
import { GitSourceSummary } from "../../git-source-summary";
import { QueryError } from "../../query-error";
import { buttonClass } from "../../ui";
import { EditProjectDialog } from "./edit-project-dialog";
import { GitWebhookSecret } from "./git-webhook-secret";
import { NewProjectForm } from "./new-project-form";
import { UploadBundleForm } from "./upload-bundle-form";

/** A new webhook secret, after a confirmation (the old one stops working), shown once. */
function RegenerateWebhookSecret({ project }: { project: ProjectView }) {
  const regenerate = useRegenerateWebhookSecret(project.id);
  const [confirming, setConfirming] = useState(false);
  const [shown, setShown] = useState<GitWebhookSecretView | null>(null);
  if (shown) return <GitWebhookSecret webhook={shown} onDone={() => setShown(null)} />;
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs">
      {confirming ? (
        <>
          <span>The current secret stops working at once: update the hook with the new one.</span>
          <button
            type="button"
            data-testid="git-regenerate-confirm"
            disabled={regenerate.isPending}
            className={buttonClass("danger", "sm")}
            onClick={() =>
              regenerate.mutate(undefined, {
                onSuccess: (view) => {
                  setConfirming(false);
                  setShown(view);
                },
              })
            }
          >
            {regenerate.isPending ? "Regenerating…" : "Regenerate now"}
          </button>
          <button type="button" className={buttonClass("secondary", "sm")} onClick={() => setConfirming(false)}>
            Keep the current one
          </button>
        </>
      ) : (
        <button
          type="button"
          data-testid="git-regenerate"
          className={buttonClass("secondary", "sm")}
          onClick={() => setConfirming(true)}
        >
          Regenerate webhook secret<span className="sr-only"> of {project.name}</span>
        </button>
      )}
      {project.git ? (
        <span className="text-muted">
          Secret from <ExactTime iso={project.git.webhookRotatedAt} />
        </span>
      ) : null}
      {regenerate.error ? (
        <span role="alert" className="text-red-700 dark:text-red-400">
          {regenerate.error.message}
        </span>
      ) : null}
    </div>
  );
}

function describeProjectSource(project: ProjectView) {
  if (project.git) return <GitSourceSummary git={project.git} />;
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
      <span className="text-muted">Upload </span>v{bundle.version} · {pluralize(bundle.migrationCount, "migration")} ·{" "}
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
          <div className="text-sm break-words">{describeProjectSource(project)}</div>
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
          ) : project.sourceKind === "git" ? (
            <GitFetchButton projectId={project.id} projectName={project.name} />
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
      {project.git ? <RegenerateWebhookSecret project={project} /> : null}
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
