"use client";
// Choose a Prisma migrations folder from disk; the files are read in the browser and filtered to what Prisma
// reads, so the parent gets a ready-to-send `files` map (or a message saying why not).
import { useState } from "react";
import { formatBytes, readMigrationsFolder, type ReadFolderResult } from "@/lib/client/read-migrations-folder";
import { describedBy, errorId, hintId } from "./form-controls";
import { pluralize } from "@/lib/client/format";

// React's input types do not know the (widely supported) directory-picking attributes.
const DIRECTORY_ATTRIBUTES = { webkitdirectory: "", directory: "" } as Record<string, string>;

interface MigrationsFolderPickerProps {
  id: string;
  label?: string;
  onRead: (files: Record<string, string> | null) => void;
  disabled?: boolean;
}

export function MigrationsFolderPicker({
  id,
  label = "Migrations folder",
  onRead,
  disabled,
}: MigrationsFolderPickerProps) {
  const [result, setResult] = useState<ReadFolderResult | null>(null);
  const [reading, setReading] = useState(false);

  async function handleChange(list: FileList | null) {
    onRead(null);
    setResult(null);
    if (!list || list.length === 0) return;
    setReading(true);
    try {
      const read = await readMigrationsFolder(list);
      setResult(read);
      onRead(read.ok ? read.files : null);
    } catch {
      setResult({ ok: false, message: "The browser could not read those files. Choose the folder again." });
    } finally {
      setReading(false);
    }
  }

  const error = result && !result.ok ? result.message : null;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        type="file"
        multiple
        {...DIRECTORY_ATTRIBUTES}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, true, Boolean(error))}
        onChange={(event) => void handleChange(event.currentTarget.files)}
        className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-subtle file:px-3 file:py-1.5 file:text-sm file:font-medium"
      />
      <p id={hintId(id)} className="text-xs text-muted" aria-live="polite">
        {reading
          ? "Reading files…"
          : result?.ok
            ? `Read ${pluralize(result.migrationCount, "migration")} (${formatBytes(result.totalBytes)}) from “${result.folderName}”${
                "migration_lock.toml" in result.files ? " with migration_lock.toml" : ""
              }.`
            : "Choose the prisma/migrations folder itself. Only */migration.sql and migration_lock.toml are sent (5 MB at most)."}
      </p>
      {error ? (
        <p id={errorId(id)} role="alert" className="text-xs font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
