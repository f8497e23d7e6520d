// Turns the files of an <input webkitdirectory> selection into the `files` map the upload routes take.
// Only what Prisma reads is kept (`<migration>/migration.sql` and `migration_lock.toml`), paths relative to
// the chosen folder, so picking `prisma/migrations` uploads the same thing the server would read from disk.

// The server's limits (5 MiB in total, 1 MiB per file, 5000 files), checked here before anything is read.
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_FILES = 5000;

/** The part of `File` we need; lets tests pass plain objects. */
export interface PickedFile {
  name: string;
  size: number;
  webkitRelativePath: string;
  text(): Promise<string>;
}

export type ReadFolderResult =
  | { ok: true; folderName: string; files: Record<string, string>; migrationCount: number; totalBytes: number }
  | { ok: false; message: string };

/** `migrations/2026…_x/migration.sql` → `2026…_x/migration.sql` (the chosen folder's own name is dropped). */
export function stripTopFolder(relativePath: string): string {
  const parts = relativePath.split("/").filter(Boolean);
  return parts.slice(1).join("/");
}

export function isMigrationFile(relative: string): boolean {
  // Dot-folders (.git, editors' backups) are not migrations: Prisma skips them, and so does the upload.
  return relative === "migration_lock.toml" || /^[^/.][^/]*\/migration\.sql$/.test(relative);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export async function readMigrationsFolder(picked: ArrayLike<PickedFile>): Promise<ReadFolderResult> {
  const all = Array.from(picked);
  if (all.length === 0) return { ok: false, message: "No folder chosen. Choose your Prisma migrations folder." };

  const folderName = all[0].webkitRelativePath.split("/")[0] || "the chosen folder";
  const kept = all
    .map((file) => ({ file, relative: stripTopFolder(file.webkitRelativePath || file.name) }))
    .filter(({ relative }) => isMigrationFile(relative));
  const migrationCount = kept.filter(({ relative }) => relative.endsWith("/migration.sql")).length;

  if (migrationCount === 0) {
    const nested = all.some((f) => /\/migrations\/[^/]+\/migration\.sql$/.test(f.webkitRelativePath));
    return {
      ok: false,
      message: nested
        ? `No migrations directly inside “${folderName}”. Choose the migrations folder itself (the one holding migration_lock.toml and one folder per migration), not a parent folder.`
        : `No migration.sql files found in “${folderName}”. Choose the folder that holds one sub-folder per migration, each with a migration.sql.`,
    };
  }

  // Check sizes before reading, so a wrong pick (a whole repository) does not load megabytes into memory.
  const totalBytes = kept.reduce((sum, { file }) => sum + file.size, 0);
  if (totalBytes > MAX_UPLOAD_BYTES) {
    return {
      ok: false,
      message: `The migrations add up to ${formatBytes(totalBytes)}, over the ${formatBytes(MAX_UPLOAD_BYTES)} upload limit. Register the project with a server folder path instead.`,
    };
  }

  const tooBig = kept.find(({ file }) => file.size > MAX_FILE_BYTES);
  if (tooBig) {
    return {
      ok: false,
      message: `${tooBig.relative} is ${formatBytes(tooBig.file.size)}, over the ${formatBytes(MAX_FILE_BYTES)} per-file limit. Register the project with a server folder path instead.`,
    };
  }
  if (kept.length > MAX_FILES) {
    return { ok: false, message: `The folder has ${kept.length} migration files; the upload limit is ${MAX_FILES}.` };
  }

  const entries = await Promise.all(kept.map(async ({ file, relative }) => [relative, await file.text()] as const));
  const files = Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
  return { ok: true, folderName, files, migrationCount, totalBytes };
}
