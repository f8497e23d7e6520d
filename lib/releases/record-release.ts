// Records a version of a project's migrations as a release, once per content: the same files as the newest
// release are that release (a folder re-read, an upload of the same folder, a commit that left migrations alone).
import type { PrismaClient } from "../generated/prisma/client";
import { computeBundleChecksum, type BundleFiles } from "../environments/bundles";
import { migrationNamesOf } from "./release-files";
import type { ReleaseOrigin } from "./views";

export interface ReleaseMeta {
  origin: ReleaseOrigin;
  commitSha?: string | null;
  branch?: string | null;
  author?: string | null;
  message?: string | null;
  createdBy?: string | null;
  createdByLabel?: string | null;
}

export type ReleaseRow = Awaited<ReturnType<PrismaClient["release"]["findFirstOrThrow"]>>;

export async function recordRelease(
  prisma: PrismaClient,
  projectId: string,
  files: BundleFiles,
  meta: ReleaseMeta,
): Promise<{ release: ReleaseRow; created: boolean }> {
  const checksum = computeBundleChecksum(files);
  // Two processes reading the same changed folder race for the next number: the unique index decides, the loser re-reads.
  for (let attempt = 0; ; attempt++) {
    const newest = await prisma.release.findFirst({ where: { projectId }, orderBy: { number: "desc" } });
    if (newest && newest.checksum === checksum) return { release: newest, created: false };
    try {
      const release = await prisma.release.create({
        data: {
          projectId,
          number: (newest?.number ?? 0) + 1,
          checksum,
          files,
          migrationNames: migrationNamesOf(files),
          origin: meta.origin,
          commitSha: meta.commitSha ?? null,
          branch: meta.branch ?? null,
          author: meta.author ?? null,
          message: meta.message ?? null,
          createdBy: meta.createdBy ?? null,
          createdByLabel: meta.createdByLabel ?? null,
        },
      });
      return { release, created: true };
    } catch (error) {
      if (attempt < 5 && (error as { code?: string }).code === "P2002") continue;
      throw error;
    }
  }
}
