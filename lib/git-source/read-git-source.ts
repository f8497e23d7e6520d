// A git project's migrations as its environments' status reads them: the newest release its fetches recorded
// (no network on a status read), materialised once like an upload. Before the first release, the view says why.
import type { MigrationSourceView } from "../environments/views";
import { materializeBundle, type BundleFiles } from "../environments/bundles";
import type { PrismaClient } from "../generated/prisma/client";
import { readMigrationsFolder } from "../migrations/folder";
import type { MigrationsFolder } from "../migrations/types";
import { describeRef } from "./repository";

export async function readGitSource(
  prisma: PrismaClient,
  projectId: string,
): Promise<{ view: MigrationSourceView; folder: MigrationsFolder | null }> {
  const [source, release] = await Promise.all([
    prisma.gitSource.findUnique({ where: { projectId } }),
    prisma.release.findFirst({ where: { projectId, origin: "git" }, orderBy: { number: "desc" } }),
  ]);
  const ref = source ? describeRef(source.ref).name : "?";
  const base: MigrationSourceView = {
    kind: "git",
    label: `git ${source?.repository ?? "(no source)"} ${ref}`,
    bundleVersion: null,
    bundleChecksum: null,
    bundleUploadedAt: null,
    migrationCount: 0,
    problems: [],
    error: null,
  };
  if (!release)
    return {
      folder: null,
      view: {
        ...base,
        error: source?.lastFetchError
          ? `No release fetched yet: the last fetch failed: ${source.lastFetchError}`
          : (source?.headError ?? "No release fetched yet: the first fetch has not finished."),
      },
    };
  const folder = await readMigrationsFolder(materializeBundle(`release-${release.id}`, release.files as BundleFiles));
  return {
    folder,
    view: {
      ...base,
      label: `${base.label} @ ${release.commitSha?.slice(0, 7) ?? `#${release.number}`}`,
      bundleChecksum: release.checksum,
      migrationCount: folder.migrations.length,
      problems: folder.problems,
    },
  };
}
