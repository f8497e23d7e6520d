// An upload (a new upload project, Admin → Upload new version, or Ship the fix → Upload as a new release) is a
// release at once, with its uploader: not later, on the next status read, with nobody named.
import type { Actor } from "../actions/actor";
import type { BundleCreatedView } from "../api/responses";
import type { CreateProjectInput } from "../api/schemas";
import type { BundleFiles } from "../environments/bundles";
import { createProject, uploadBundle, type RegistryContext } from "../environments/registry";
import type { ProjectView } from "../environments/views";
import { recordRelease } from "./record-release";

function uploadedBy(actor: Actor) {
  return { origin: "upload" as const, createdBy: actor.key, createdByLabel: actor.label };
}

/** Creates a folder or upload project; an upload's files are its first release. */
export async function createProjectWithRelease(
  ctx: RegistryContext,
  input: CreateProjectInput,
  actor: Actor,
): Promise<ProjectView> {
  const project = await createProject(ctx, input, actor.userId);
  if (input.source.kind === "upload")
    await recordRelease(ctx.prisma, project.id, input.source.files, uploadedBy(actor));
  return project;
}

export async function uploadRelease(
  ctx: RegistryContext,
  projectId: string,
  files: BundleFiles,
  actor: Actor,
): Promise<BundleCreatedView> {
  const bundle = await uploadBundle(ctx, projectId, files, actor.userId);
  const { release, created } = await recordRelease(ctx.prisma, projectId, files, uploadedBy(actor));
  return { ...bundle, release: { number: release.number, created } };
}
