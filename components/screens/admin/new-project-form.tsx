"use client";
// Register a project: a name and where its Prisma migrations come from (a folder on the Runway server, a folder
// uploaded from this browser, or a git repository Runway fetches). The source fields are those of the edit dialog
// (project-source-fields.tsx).
import { useId, useState, type FormEvent } from "react";
import type { ProjectView } from "@/lib/environments/views";
import type { GitWebhookSecretView } from "@/lib/api/responses";
import { createProjectBody, firstIssueMessage } from "@/lib/api/schemas";
import type { SourceKind } from "@/lib/api/sources";
import { useCreateProject } from "@/lib/client/hooks";
import { Banner } from "../../banner";
import { describedBy, Field, FormError, FormSection } from "../../form-controls";
import { buttonClass, inputClass } from "../../ui";
import { GitWebhookSecret } from "./git-webhook-secret";
import {
  clearedDrafts,
  draftToSource,
  emptyDrafts,
  ProjectSourceFields,
  type SourceDrafts,
} from "./project-source-fields";

export function NewProjectForm({ onCreated }: { onCreated?: (project: ProjectView) => void }) {
  const id = useId();
  const create = useCreateProject();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<SourceKind>("folder");
  const [drafts, setDrafts] = useState<SourceDrafts>(() => emptyDrafts());
  const [repoPath, setRepoPath] = useState("");
  const [webhook, setWebhook] = useState<GitWebhookSecretView | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setLocalError(null);
    if (!name.trim()) return setLocalError("Give the project a name.");
    const source = draftToSource(kind, drafts);
    if (typeof source === "string") return setLocalError(source);
    // The route's own schema: the same messages a 400 would carry, before a round trip.
    const input = createProjectBody.safeParse({
      name,
      source,
      ...(repoPath.trim() ? { repoMigrationsPath: repoPath.trim() } : {}),
    });
    if (!input.success) return setLocalError(firstIssueMessage(input.error));
    setWebhook(null);
    create.mutate(input.data, {
      onSuccess: (project) => {
        setName("");
        setDrafts(clearedDrafts(drafts));
        // The secret lives only in this state, until the admin says it is copied.
        setWebhook(project.gitWebhook ?? null);
        onCreated?.(project);
      },
    });
  }

  return (
    <form onSubmit={handleSubmit} className="space-y-4" aria-label="New project" data-testid="new-project-form">
      <FormSection title="New project">
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
          disabled={create.isPending}
        />

        <Field
          id={`${id}-repo-path`}
          label="Migrations folder in the repository (optional)"
          hint={
            kind === "git"
              ? "The folder Runway reads in the repository (and the path of the patches it generates), e.g. apps/api/prisma/migrations. Default prisma/migrations."
              : "Relative to the repository root, e.g. apps/api/prisma/migrations: the path in the patches Runway generates. Default prisma/migrations."
          }
        >
          <input
            id={`${id}-repo-path`}
            value={repoPath}
            onChange={(e) => setRepoPath(e.target.value)}
            spellCheck={false}
            placeholder="prisma/migrations"
            className={`${inputClass} font-mono`}
            aria-describedby={describedBy(`${id}-repo-path`, true, false)}
          />
        </Field>

        {localError ? (
          <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
            {localError}
          </p>
        ) : null}
        <FormError error={create.error} title="The project was not created" />
        {create.isSuccess ? (
          <Banner tone="success" title={`Project “${create.data.name}” registered`}>
            <p>
              {create.data.git
                ? `Its first release is ${create.data.git.refName} at ${create.data.git.headSha?.slice(0, 7) ?? "?"}. Now add its environments below.`
                : "Now add its environments below."}
            </p>
          </Banner>
        ) : null}
        {webhook ? <GitWebhookSecret webhook={webhook} onDone={() => setWebhook(null)} /> : null}

        <button type="submit" disabled={create.isPending} className={buttonClass("primary")}>
          {create.isPending ? (kind === "git" ? "Testing access…" : "Creating…") : "Create project"}
        </button>
      </FormSection>
    </form>
  );
}
