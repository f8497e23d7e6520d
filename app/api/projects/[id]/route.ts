import type { ProjectRemovedView, ProjectView } from "@/lib/api/responses";
import { confirmRemovalBody, idParams, updateProjectBody } from "@/lib/api/schemas";
import { BUNDLE_LIMITS } from "@/lib/environments/bundles";
import { updateProject } from "@/lib/environments/edit-project";
import { removeProject } from "@/lib/environments/remove-environments";
import { afterRegistryChange } from "@/lib/server/registry-changes";
import { route } from "@/lib/server/route";
import { getRegistryContext } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const PATCH = route(
  // A new upload source carries its files: the bundle limit applies, as on creation.
  { role: "admin", params: idParams, body: updateProjectBody, maxBodyBytes: BUNDLE_LIMITS.totalBytes * 2 },
  async ({ params, body, actor, origin }): Promise<ProjectView> => {
    const { project, changed } = await updateProject(getRegistryContext(), params.id, body, { actor, origin });
    if (changed) afterRegistryChange();
    return project;
  },
);

export const DELETE = route(
  { role: "admin", params: idParams, body: confirmRemovalBody },
  async ({ params, body, actor, origin }): Promise<ProjectRemovedView> => {
    const removed = await removeProject(getRegistryContext(), params.id, body.confirmation, { actor, origin });
    afterRegistryChange();
    return removed;
  },
);
