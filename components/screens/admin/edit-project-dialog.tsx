"use client";
// Edit a project: its name, where its migrations come from (checked on the server as on creation) and the
// migrations folder inside its repository. Only what changed is sent.
import { useId, useState, type FormEvent } from "react";
import { firstIssueMessage, updateProjectBody, type UpdateProjectInput } from "@/lib/api/schemas";
import { useUpdateProject } from "@/lib/client/hooks";
import type { GitWebhookSecretView } from "@/lib/api/responses";
import type { SourceKind } from "@/lib/api/sources";
import type { ProjectView } from "@/lib/environments/views";
import { describedBy, Field, FormError } from "../../form-controls";
import { ModalDialog } from "../../modal-dialog";
import { buttonClass, inputClass } from "../../ui";
import { GitWebhookSecret } from "./git-webhook-secret";
import { draftToSource, emptyDrafts, ProjectSourceFields, type SourceDrafts } from "./project-source-fields";

const DEFAULT_REPO_PATH = "prisma/migrations";

export function EditProjectDialog({ project, onClose }: { project: ProjectView; onClose: () => void }) {
  const id = useId();
  const update = useUpdateProject();
  const [name, setName] = useState(project.name);
  const [kind, setKind] = useState<SourceKind>(project.sourceKind);
  const [drafts, setDrafts] = useState<SourceDrafts>(() => emptyDrafts(project));
  const [repoPath, setRepoPath] = useState(
    project.repoMigrationsPath === DEFAULT_REPO_PATH ? "" : project.repoMigrationsPath,
  );
  const [enforcePromotion, setEnforcePromotion] = useState(project.enforcePromotion);
  const [localError, setLocalError] = useState<string | null>(null);
  const [webhook, setWebhook] = useState<GitWebhookSecretView | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setLocalError(null);
    const source = draftToSource(kind, drafts, project);
    if (typeof source === "string") return setLocalError(source);
    const repo = repoPath.trim() || null;
    const patch: UpdateProjectInput = {
      ...(name.trim() !== project.name ? { name } : {}),
      ...(source ? { source } : {}),
      ...((repo ?? DEFAULT_REPO_PATH) !== project.repoMigrationsPath ? { repoMigrationsPath: repo } : {}),
      ...(enforcePromotion !== project.enforcePromotion ? { enforcePromotion } : {}),
    };
    if (Object.keys(patch).length === 0) return onClose();
    const input = updateProjectBody.safeParse(patch);
    if (!input.success) return setLocalError(firstIssueMessage(input.error));
    update.mutate(
      { id: project.id, ...input.data },
      {
        // Switched to git: the webhook secret is shown this once, before the dialog closes.
        onSuccess: (updated) => (updated.gitWebhook ? setWebhook(updated.gitWebhook) : onClose()),
      },
    );
  }

  if (webhook)
    return (
      <ModalDialog title={`${project.name} now reads git`} onClose={onClose} testId="edit-project-dialog">
        <GitWebhookSecret webhook={webhook} onDone={onClose} />
      </ModalDialog>
    );

  return (
    <ModalDialog title={`Edit project ${project.name}`} onClose={onClose} testId="edit-project-dialog">
      <form onSubmit={handleSubmit} className="space-y-4" aria-label={`Edit project ${project.name}`}>
        <Field id={`${id}-name`} label="Name" required>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={100}
            className={inputClass}
          />
        </Field>
        <ProjectSourceFields
          id={id}
          kind={kind}
          onKindChange={setKind}
          drafts={drafts}
          onDraftsChange={setDrafts}
          disabled={update.isPending}
          project={project}
        />
        <Field
          id={`${id}-repo-path`}
          label="Migrations folder in the repository"
          hint={
            kind === "git"
              ? "The folder Runway reads in the repository (and the path of its patches). Empty: prisma/migrations."
              : "Relative to the repository root; the path in the patches Runway generates. Empty: prisma/migrations."
          }
        >
          <input
            id={`${id}-repo-path`}
            value={repoPath}
            onChange={(e) => setRepoPath(e.target.value)}
            spellCheck={false}
            placeholder={DEFAULT_REPO_PATH}
            className={`${inputClass} font-mono`}
            aria-describedby={describedBy(`${id}-repo-path`, true, false)}
          />
        </Field>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            checked={enforcePromotion}
            onChange={(e) => setEnforcePromotion(e.target.checked)}
            className="mt-1"
            aria-describedby={`${id}-promotion-hint`}
          />
          <span>
            Enforce the promotion order
            <span id={`${id}-promotion-hint`} className="block text-xs text-muted">
              An environment deploys only releases the environment before it (in the project&apos;s order) is at or
              past.
            </span>
          </span>
        </label>
        {localError ? (
          <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
            {localError}
          </p>
        ) : null}
        <FormError error={update.error} title="The project was not changed" />
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" className={buttonClass("secondary")} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={buttonClass("primary")} disabled={update.isPending}>
            {update.isPending ? (kind === "git" ? "Testing access…" : "Saving…") : "Save changes"}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
