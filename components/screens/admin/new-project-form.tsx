"use client";
// Register a project: a name and where its Prisma migrations come from (a folder on the Runway server, a folder
// uploaded from this browser, or a git repository Runway fetches).
import { useId, useState, type FormEvent } from "react";
import type { ProjectView } from "@/lib/environments/views";
import type { GitWebhookSecretView } from "@/lib/api/responses";
import { gitSourceInput } from "@/lib/api/git-source-schemas";
import { firstIssueMessage } from "@/lib/api/schemas";
import type { SourceKind } from "@/lib/api/sources";
import { useCreateProject } from "@/lib/client/hooks";
import { Banner } from "../../banner";
import { describedBy, Field, FormError, FormSection } from "../../form-controls";
import { MigrationsFolderPicker } from "../../migrations-folder-picker";
import { buttonClass, inputClass } from "../../ui";
import { EMPTY_GIT_SOURCE, GitSourceFields, toGitSourceInput, type GitSourceFieldsValue } from "./git-source-fields";
import { GitWebhookSecret } from "./git-webhook-secret";

export function NewProjectForm({ onCreated }: { onCreated?: (project: ProjectView) => void }) {
  const id = useId();
  const create = useCreateProject();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<SourceKind>("folder");
  const [folderPath, setFolderPath] = useState("");
  const [repoPath, setRepoPath] = useState("");
  const [files, setFiles] = useState<Record<string, string> | null>(null);
  const [git, setGit] = useState<GitSourceFieldsValue>(EMPTY_GIT_SOURCE);
  const [webhook, setWebhook] = useState<GitWebhookSecretView | null>(null);
  const [pickerKey, setPickerKey] = useState(0);
  const [localError, setLocalError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setLocalError(null);
    if (!name.trim()) return setLocalError("Give the project a name.");
    if (kind === "folder" && !folderPath.trim())
      return setLocalError("Enter the migrations folder path on the server.");
    if (kind === "upload" && !files) return setLocalError("Choose a migrations folder to upload first.");
    let source;
    if (kind === "git") {
      const parsed = gitSourceInput.safeParse(toGitSourceInput(git));
      if (!parsed.success) return setLocalError(firstIssueMessage(parsed.error));
      source = parsed.data;
    } else source = kind === "folder" ? { kind, path: folderPath.trim() } : { kind, files: files! };
    setWebhook(null);
    create.mutate(
      { name: name.trim(), source, ...(repoPath.trim() ? { repoMigrationsPath: repoPath.trim() } : {}) },
      {
        onSuccess: (project) => {
          setName("");
          setFolderPath("");
          setFiles(null);
          // The secret lives only in this state, until the admin says it is copied.
          setGit(EMPTY_GIT_SOURCE);
          setWebhook(project.gitWebhook ?? null);
          setPickerKey((k) => k + 1);
          onCreated?.(project);
        },
      },
    );
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

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Migrations source</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name={`${id}-kind`} checked={kind === "folder"} onChange={() => setKind("folder")} />
              Folder on the Runway server
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name={`${id}-kind`} checked={kind === "upload"} onChange={() => setKind("upload")} />
              Upload a migrations folder
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name={`${id}-kind`} checked={kind === "git"} onChange={() => setKind("git")} />
              Git repository
            </label>
          </div>
        </fieldset>

        {kind === "git" ? (
          <GitSourceFields id={`${id}-git`} value={git} onChange={setGit} disabled={create.isPending} />
        ) : kind === "folder" ? (
          <Field
            id={`${id}-path`}
            label="Folder path"
            required
            hint="Absolute path on the machine Runway runs on, e.g. /srv/app/prisma/migrations. Runway re-reads it on every check."
          >
            <input
              id={`${id}-path`}
              value={folderPath}
              onChange={(e) => setFolderPath(e.target.value)}
              spellCheck={false}
              className={`${inputClass} font-mono`}
              aria-describedby={describedBy(`${id}-path`, true, false)}
            />
          </Field>
        ) : (
          <MigrationsFolderPicker key={pickerKey} id={`${id}-files`} onRead={setFiles} disabled={create.isPending} />
        )}

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
