"use client";
// Upload a new version of an upload-sourced project's migrations; every environment is re-compared against it.
import { useId, useState, type FormEvent } from "react";
import type { ProjectView } from "@/lib/environments/views";
import { useUploadBundle } from "@/lib/client/hooks";
import { Banner } from "../../banner";
import { DisabledReason } from "../../disabled-reason";
import { FormError } from "../../form-controls";
import { MigrationsFolderPicker } from "../../migrations-folder-picker";
import { buttonClass } from "../../ui";
import { pluralize } from "@/lib/client/format";

export function UploadBundleForm({ project }: { project: ProjectView }) {
  const id = useId();
  const upload = useUploadBundle();
  const [files, setFiles] = useState<Record<string, string> | null>(null);
  const [pickerKey, setPickerKey] = useState(0);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!files) return;
    upload.mutate(
      { projectId: project.id, files },
      {
        onSuccess: () => {
          setFiles(null);
          setPickerKey((k) => k + 1);
        },
      },
    );
  }

  return (
    <form
      onSubmit={handleSubmit}
      aria-label={`Upload a new version of ${project.name}`}
      className="space-y-3 rounded-md border border-border bg-subtle p-3"
    >
      <MigrationsFolderPicker
        key={pickerKey}
        id={`${id}-files`}
        label={`New migrations folder for ${project.name}`}
        onRead={setFiles}
        disabled={upload.isPending}
      />
      <FormError error={upload.error} title="The new version was not uploaded" />
      {upload.isSuccess ? (
        <Banner tone="success" title={`Uploaded version ${upload.data.version}`}>
          <p>
            {pluralize(upload.data.migrationCount, "migration")}, sha256{" "}
            <span className="font-mono text-xs" title={upload.data.checksum}>
              {upload.data.checksum.slice(0, 12)}…
            </span>
            . Every environment of {project.name} is now compared against it.
          </p>
        </Banner>
      ) : null}
      <button
        type="submit"
        disabled={!files || upload.isPending}
        aria-describedby={!files ? `${id}-reason` : undefined}
        className={buttonClass("primary", "sm")}
      >
        {upload.isPending ? "Uploading…" : "Upload version"}
      </button>
      <DisabledReason id={`${id}-reason`} reason={files ? null : "Choose a migrations folder first."} />
    </form>
  );
}
