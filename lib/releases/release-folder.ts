// A release's migrations as a folder the engine reads (materialised once, like bundles), for deploying a chosen release.
import type { PrismaClient } from "../generated/prisma/client";
import { ActionRefused } from "../actions/errors";
import { materializeBundle, type BundleFiles } from "../environments/bundles";
import { readMigrationsFolder } from "../migrations/folder";
import type { MigrationsFolder } from "../migrations/types";
import type { ReleaseRow } from "./record-release";

/**
 * The release `number` of the project, refused (409 stale_release) when it is gone or its checksum is no longer
 * `expectedChecksum`: the operator picked something else than what would run.
 */
export async function loadReleaseFolder(
  prisma: PrismaClient,
  projectId: string,
  number: number,
  expectedChecksum: string | null,
): Promise<{ release: ReleaseRow; folder: MigrationsFolder }> {
  const release = await prisma.release.findUnique({ where: { projectId_number: { projectId, number } } });
  if (!release) throw new ActionRefused("release_not_found", `This project has no release #${number}.`, 404);
  if (expectedChecksum && release.checksum !== expectedChecksum)
    throw new ActionRefused(
      "stale_release",
      `Release #${number} changed since you picked it: nothing was run. Pick the release again.`,
    );
  const folder = await readMigrationsFolder(materializeBundle(`release-${release.id}`, release.files as BundleFiles));
  return { release, folder };
}

export async function newestRelease(prisma: PrismaClient, projectId: string): Promise<ReleaseRow | null> {
  return prisma.release.findFirst({ where: { projectId }, orderBy: { number: "desc" } });
}
