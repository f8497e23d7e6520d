// Loads a project's migrations source: a folder on the server, or the latest uploaded bundle.
import { MigrationsFolderError, readMigrationsFolder } from "../migrations/folder";
import type { MigrationsFolder } from "../migrations/types";
import { materializeBundle, type BundleFiles } from "./bundles";
import type { RegistryContext } from "./registry";
import { resolveWithinRoots } from "./source-roots";
import { listReleaseSummaries, type ReleaseSummary } from "../releases/list-releases";
import { recordRelease } from "../releases/record-release";
import { filesOfFolder } from "../releases/release-files";
import type { MigrationSourceView } from "./views";
import type { SourceKind } from "../api/sources";
import { readGitSource } from "../git-source/read-git-source";

export interface LoadedSource {
  view: MigrationSourceView;
  /** null when the source cannot be read; `view.error` says why. */
  folder: MigrationsFolder | null;
  /** The project's releases, oldest first (the source read now is the newest one). */
  releases: ReleaseSummary[];
}

type ProjectSource = { id: string; sourceKind: SourceKind; folderPath: string | null };

function emptyView(kind: SourceKind, label: string, error: string | null): MigrationSourceView {
  return {
    kind,
    label,
    bundleVersion: null,
    bundleChecksum: null,
    bundleUploadedAt: null,
    migrationCount: 0,
    problems: [],
    error,
  };
}

/** Loads the source and records it as a release when its files changed (folders) or it predates releases (uploads). */
export async function loadMigrationsSource(ctx: RegistryContext, project: ProjectSource): Promise<LoadedSource> {
  const loaded = await readSource(ctx, project);
  // A git source's releases are recorded by its fetches (lib/git-source), each with its commit.
  if (loaded.folder && project.sourceKind !== "git") {
    const origin = project.sourceKind === "folder" ? "folder" : "upload";
    await recordRelease(ctx.prisma, project.id, filesOfFolder(loaded.folder), {
      origin,
      createdByLabel: origin === "folder" ? "folder changed on the server" : null,
    });
  }
  return { ...loaded, releases: await listReleaseSummaries(ctx.prisma, project.id) };
}

async function readSource(ctx: RegistryContext, project: ProjectSource): Promise<Omit<LoadedSource, "releases">> {
  if (project.sourceKind === "git") return readGitSource(ctx.prisma, project.id);
  if (project.sourceKind === "folder") {
    const label = `folder ${project.folderPath ?? "(none)"}`;
    if (!project.folderPath)
      return { folder: null, view: emptyView("folder", label, "The project has no migrations folder set.") };
    if (ctx.sourceRoots && !resolveWithinRoots(project.folderPath, ctx.sourceRoots)) {
      const message = `The migrations folder is outside the folders Runway may read (RUNWAY_SOURCE_ROOTS), or does not exist: it is not read. An admin fixes the path or the setting.`;
      return { folder: null, view: emptyView("folder", label, message) };
    }
    try {
      const folder = await readMigrationsFolder(project.folderPath);
      return {
        folder,
        view: {
          ...emptyView("folder", label, null),
          migrationCount: folder.migrations.length,
          problems: folder.problems,
        },
      };
    } catch (error) {
      if (!(error instanceof MigrationsFolderError)) throw error;
      const message = `${error.message} The migrations folder may have been moved or deleted on the server: fix the path or re-register the project. Database state is still shown; local comparisons are not.`;
      return { folder: null, view: emptyView("folder", label, message) };
    }
  }
  const bundle = await ctx.prisma.migrationBundle.findFirst({
    where: { projectId: project.id },
    orderBy: { version: "desc" },
  });
  if (!bundle)
    return {
      folder: null,
      view: emptyView(
        "upload",
        "no bundle",
        "No migrations uploaded yet: an admin uploads the prisma/migrations folder.",
      ),
    };
  const folder = await readMigrationsFolder(materializeBundle(bundle.id, bundle.files as BundleFiles));
  return {
    folder,
    view: {
      kind: "upload",
      label: `bundle v${bundle.version} (sha256 ${bundle.checksum.slice(0, 12)})`,
      bundleVersion: bundle.version,
      bundleChecksum: bundle.checksum,
      bundleUploadedAt: bundle.createdAt.toISOString(),
      migrationCount: folder.migrations.length,
      problems: folder.problems,
      error: null,
    },
  };
}
