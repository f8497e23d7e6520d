import type { ProjectRemovedView, ProjectUpdatedView } from "@/lib/api/responses";
import { confirmRemovalBody, idParams, updateProjectBody } from "@/lib/api/schemas";
import { BUNDLE_LIMITS } from "@/lib/environments/bundles";
import { updateProject } from "@/lib/environments/edit-project";
import { removeProject } from "@/lib/environments/remove-environments";
import { afterRegistryChange } from "@/lib/server/registry-changes";
import { getGitSourceContext } from "@/lib/server/git-services";
import { publicUrl } from "@/lib/server/oncall-runtime";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const PATCH = route(
  // A new upload source carries its files: the bundle limit applies, as on creation.
  { role: "admin", params: idParams, body: updateProjectBody, maxBodyBytes: BUNDLE_LIMITS.totalBytes * 2 },
  async ({ params, body, actor, origin }): Promise<ProjectUpdatedView> => {
    const { project, changed, gitWebhookSecret } = await updateProject(getGitSourceContext(), params.id, body, {
      actor,
      origin,
    });
    if (changed) afterRegistryChange();
    // Switched to git: the webhook secret, this once (as on creation).
    return gitWebhookSecret
      ? {
          ...project,
          gitWebhook: { webhookUrl: `${publicUrl()}${project.git!.webhookPath}`, secret: gitWebhookSecret },
        }
      : project;
  },
);

export const DELETE = route(
  { role: "admin", params: idParams, body: confirmRemovalBody },
  async ({ params, body, actor, origin }): Promise<ProjectRemovedView> => {
    const removed = await removeProject(getGitSourceContext(), params.id, body.confirmation, { actor, origin });
    afterRegistryChange();
    return removed;
  },
);
