// A release pushed from CI (POST /api/releases, `runway push`): the files become the upload project's newest
// bundle, with the commit they came from. Release tokens may push only to the projects they name.
import type { Actor } from "../actions/actor";
import { computeBundleChecksum, validateBundleFiles, type BundleFiles } from "../environments/bundles";
import { RegistryError } from "../environments/errors";
import { uploadBundle, type RegistryContext } from "../environments/registry";
import { toReleaseView } from "./list-releases";
import { recordRelease } from "./record-release";
import type { ReleasePushedView } from "./views";

export interface PushCommit {
  sha?: string | null;
  branch?: string | null;
  author?: string | null;
  message?: string | null;
}

/** Finds a project by id or by name (what a CI script knows). */
export async function findProject(ctx: RegistryContext, ref: string) {
  const project = /^[0-9a-f-]{36}$/i.test(ref)
    ? await ctx.prisma.project.findFirst({ where: { id: ref, archivedAt: null } })
    : await ctx.prisma.project.findFirst({ where: { name: ref, archivedAt: null } });
  if (!project) throw new RegistryError("not_found", "project_not_found", `No project "${ref.slice(0, 100)}".`);
  return project;
}

/** A release token names the projects it may push to; people and other tokens need the operator role (the route checks it). */
export function mayPushTo(actor: Actor, projectId: string): boolean {
  return !actor.releaseProjectIds || actor.releaseProjectIds.includes(projectId);
}

export async function pushRelease(
  ctx: RegistryContext,
  input: { project: string; files: BundleFiles; commit?: PushCommit | null },
  actor: Actor,
): Promise<ReleasePushedView> {
  const project = await findProject(ctx, input.project);
  if (!mayPushTo(actor, project.id))
    throw new RegistryError(
      "forbidden",
      "release_token_project",
      `This token may not push releases of ${project.name}.`,
    );
  if (project.sourceKind !== "upload")
    throw new RegistryError(
      "conflict",
      "not_an_upload_project",
      project.sourceKind === "git"
        ? `${project.name} reads its migrations from git: its releases are the commits Runway fetches (push to the repository, or call its webhook). Push to a project whose source is upload.`
        : `${project.name} reads its migrations from a folder on the server: its releases follow that folder. Push to a project whose source is upload.`,
    );
  validateBundleFiles(input.files);
  const latest = await ctx.prisma.migrationBundle.findFirst({
    where: { projectId: project.id },
    orderBy: { version: "desc" },
  });
  if (latest?.checksum !== computeBundleChecksum(input.files))
    await uploadBundle(ctx, project.id, input.files, actor.userId);
  const commit = input.commit ?? {};
  const recorded = await recordRelease(ctx.prisma, project.id, input.files, {
    origin: "push",
    commitSha: commit.sha ?? null,
    branch: commit.branch ?? null,
    author: commit.author ?? null,
    message: commit.message ?? null,
    createdBy: actor.key,
    createdByLabel: actor.label,
  });
  const { created } = recorded;
  let { release } = recorded;
  // The same files read before their commit was known (an upload, a status read): the push names the commit.
  if (!created && !release.commitSha && commit.sha)
    release = await ctx.prisma.release.update({
      where: { id: release.id },
      data: {
        commitSha: commit.sha,
        branch: commit.branch ?? null,
        author: commit.author ?? null,
        message: commit.message ?? null,
      },
    });
  const previous = await ctx.prisma.release.findFirst({
    where: { projectId: project.id, number: { lt: release.number } },
    orderBy: { number: "desc" },
  });
  return { created, release: toReleaseView(release, previous) };
}
