"use client";
// How each kind of migrations source is entered, for the new-project form and the edit dialog: one entry per branch
// of the contract's `projectSource` union (lib/api/schemas.ts). A new kind is one more entry in SOURCE_FORMS — its
// label, its fields component, its empty draft and how the draft becomes the source sent — and the mapped type
// makes it required.
import type { ReactNode } from "react";
import { gitSourceInput } from "@/lib/api/git-source-schemas";
import { firstIssueMessage, type ProjectSourceInput } from "@/lib/api/schemas";
import type { SourceKind } from "@/lib/api/sources";
import type { ProjectView } from "@/lib/environments/views";
import { describedBy, Field } from "../../form-controls";
import { MigrationsFolderPicker } from "../../migrations-folder-picker";
import { inputClass } from "../../ui";
import { EMPTY_GIT_SOURCE, GitSourceFields, toGitSourceInput, type GitSourceFieldsValue } from "./git-source-fields";
import { pluralize } from "@/lib/client/format";

/** What each kind's fields hold while they are filled in. */
export interface SourceDrafts {
  folder: { path: string };
  /** `pickerKey` changes to clear the file input. */
  upload: { files: Record<string, string> | null; pickerKey: number };
  git: GitSourceFieldsValue;
}

interface FieldsProps<K extends SourceKind> {
  id: string;
  draft: SourceDrafts[K];
  onChange: (draft: SourceDrafts[K]) => void;
  disabled?: boolean;
  /** The project being edited (absent on creation). */
  project?: ProjectView;
}

interface SourceKindForm<K extends SourceKind> {
  label: string;
  Fields: (props: FieldsProps<K>) => ReactNode;
  empty: (project?: ProjectView) => SourceDrafts[K];
  /** The edited project keeps its source as it is (nothing to send). */
  keepsCurrent: (draft: SourceDrafts[K], project: ProjectView) => boolean;
  /** The source to send, or what is missing, in words. */
  toSource: (draft: SourceDrafts[K]) => Extract<ProjectSourceInput, { kind: K }> | string;
}

function FolderFields({ id, draft, onChange, disabled }: FieldsProps<"folder">) {
  return (
    <Field
      id={`${id}-path`}
      label="Folder path"
      required
      hint="Absolute path on the machine Runway runs on, e.g. /srv/app/prisma/migrations, under RUNWAY_SOURCE_ROOTS. Runway re-reads it on every check."
    >
      <input
        id={`${id}-path`}
        value={draft.path}
        onChange={(e) => onChange({ path: e.target.value })}
        disabled={disabled}
        spellCheck={false}
        className={`${inputClass} font-mono`}
        aria-describedby={describedBy(`${id}-path`, true, false)}
      />
    </Field>
  );
}

function UploadFields({ id, draft, onChange, disabled, project }: FieldsProps<"upload">) {
  const current = project?.sourceKind === "upload" ? project.latestBundle : null;
  return (
    <div className="space-y-1">
      <MigrationsFolderPicker
        key={draft.pickerKey}
        id={`${id}-files`}
        label={current ? "Upload a new version (optional)" : "Migrations folder"}
        onRead={(files) => onChange({ ...draft, files })}
        disabled={disabled}
      />
      {current ? (
        <p className="text-xs text-muted">
          Now: version {current.version} ({pluralize(current.migrationCount, "migration")}). Choose a folder only to
          upload the next version.
        </p>
      ) : null}
    </div>
  );
}

function GitFields({ id, draft, onChange, disabled, project }: FieldsProps<"git">) {
  return (
    <GitSourceFields
      id={`${id}-git`}
      value={draft}
      onChange={onChange}
      disabled={disabled}
      storedCredentialKind={project?.git?.authMethod}
    />
  );
}

/** An edited git project's settings as the fields show them (its credentials kept unless replaced). */
function gitDraftOf(project?: ProjectView): GitSourceFieldsValue {
  const git = project?.git;
  if (!git) return EMPTY_GIT_SOURCE;
  return {
    ...EMPTY_GIT_SOURCE,
    repository: git.repository,
    ref: git.refName,
    credentialKind: git.authMethod === "none" ? "none" : "keep",
    intervalSeconds: String(git.intervalSeconds),
  };
}

type SourceForms = { [K in SourceKind]: SourceKindForm<K> };

export const SOURCE_FORMS: SourceForms = {
  folder: {
    label: "Folder on the Runway server",
    Fields: FolderFields,
    empty: (project) => ({ path: project?.folderPath ?? "" }),
    keepsCurrent: (draft, project) => project.sourceKind === "folder" && draft.path.trim() === project.folderPath,
    toSource: (draft) =>
      draft.path.trim()
        ? { kind: "folder", path: draft.path.trim() }
        : "Enter the migrations folder path on the server.",
  },
  upload: {
    label: "Upload a migrations folder",
    Fields: UploadFields,
    empty: () => ({ files: null, pickerKey: 0 }),
    keepsCurrent: (draft, project) => project.sourceKind === "upload" && draft.files === null,
    toSource: (draft) =>
      draft.files ? { kind: "upload", files: draft.files } : "Choose a migrations folder to upload first.",
  },
  git: {
    label: "Git repository",
    Fields: GitFields,
    empty: gitDraftOf,
    keepsCurrent: (draft, project) => {
      const git = project.git;
      if (project.sourceKind !== "git" || !git) return false;
      const interval = draft.intervalSeconds.trim();
      return (
        draft.repository.trim() === git.repository &&
        draft.ref.trim() === git.refName &&
        (draft.credentialKind === "keep" || (draft.credentialKind === "none" && git.authMethod === "none")) &&
        (interval === "" || Number(interval) === git.intervalSeconds)
      );
    },
    toSource: (draft) => {
      const parsed = gitSourceInput.safeParse(toGitSourceInput(draft));
      return parsed.success ? parsed.data : firstIssueMessage(parsed.error);
    },
  },
};

const KINDS = Object.keys(SOURCE_FORMS) as SourceKind[];

export function emptyDrafts(project?: ProjectView): SourceDrafts {
  return Object.fromEntries(KINDS.map((kind) => [kind, SOURCE_FORMS[kind].empty(project)])) as unknown as SourceDrafts;
}

/** The source to send (null: the edited project keeps its own), or what is missing. */
export function draftToSource(
  kind: SourceKind,
  drafts: SourceDrafts,
  project?: ProjectView,
): ProjectSourceInput | null | string {
  const form = SOURCE_FORMS[kind] as SourceKindForm<SourceKind>;
  if (project && form.keepsCurrent(drafts[kind], project)) return null;
  return form.toSource(drafts[kind]);
}

/** Empties the drafts after a save (the file input too; typed credentials do not linger in the page). */
export function clearedDrafts(drafts: SourceDrafts): SourceDrafts {
  return { ...emptyDrafts(), upload: { files: null, pickerKey: drafts.upload.pickerKey + 1 } };
}

interface ProjectSourceFieldsProps {
  id: string;
  kind: SourceKind;
  onKindChange: (kind: SourceKind) => void;
  drafts: SourceDrafts;
  onDraftsChange: (drafts: SourceDrafts) => void;
  disabled?: boolean;
  project?: ProjectView;
}

export function ProjectSourceFields({
  id,
  kind,
  onKindChange,
  drafts,
  onDraftsChange,
  disabled,
  project,
}: ProjectSourceFieldsProps) {
  const Fields = SOURCE_FORMS[kind].Fields as (props: FieldsProps<SourceKind>) => ReactNode;
  return (
    <div className="space-y-3">
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Migrations source</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-2 text-sm">
          {KINDS.map((option) => (
            <label key={option} className="flex items-center gap-2">
              <input
                type="radio"
                name={`${id}-kind`}
                checked={kind === option}
                onChange={() => onKindChange(option)}
                disabled={disabled}
              />
              {SOURCE_FORMS[option].label}
            </label>
          ))}
        </div>
      </fieldset>
      <Fields
        id={id}
        draft={drafts[kind]}
        onChange={(draft) => onDraftsChange({ ...drafts, [kind]: draft })}
        disabled={disabled}
        project={project}
      />
    </div>
  );
}
