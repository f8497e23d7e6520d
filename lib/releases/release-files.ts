// A migrations folder as the flat file map releases and bundles store (same paths, same checksum).
import type { BundleFiles } from "../environments/bundles";
import type { MigrationsFolder } from "../migrations/types";

export function filesOfFolder(folder: MigrationsFolder): BundleFiles {
  const files: BundleFiles = {};
  for (const m of folder.migrations) files[`${m.name}/migration.sql`] = m.sql;
  if (folder.lockfile) files["migration_lock.toml"] = folder.lockfile.content;
  return files;
}

/** Migration names in Prisma's order (folder names sorted). */
export function migrationNamesOf(files: BundleFiles): string[] {
  return Object.keys(files)
    .filter((p) => p.endsWith("/migration.sql"))
    .map((p) => p.slice(0, -"/migration.sql".length))
    .sort();
}

export function shortLabel(release: { number: number; commitSha: string | null }): string {
  return release.commitSha ? release.commitSha.slice(0, 7) : `#${release.number}`;
}
