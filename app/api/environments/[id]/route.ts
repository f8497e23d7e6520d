import type { EnvironmentRemovedView, EnvironmentView } from "@/lib/api/responses";
import { confirmRemovalBody, idParams, updateEnvironmentBody } from "@/lib/api/schemas";
import { updateEnvironment } from "@/lib/environments/edit-environment";
import { removeEnvironment } from "@/lib/environments/remove-environments";
import { afterEnvironmentUpdate, afterRegistryChange } from "@/lib/server/registry-changes";
import { route } from "@/lib/server/route";
import { getRegistryContext } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const PATCH = route(
  { role: "admin", params: idParams, body: updateEnvironmentBody },
  async ({ params, body, actor, origin }): Promise<EnvironmentView> => {
    const update = await updateEnvironment(getRegistryContext(), params.id, body, { actor, origin });
    afterEnvironmentUpdate(update);
    return update.environment;
  },
);

export const DELETE = route(
  { role: "admin", params: idParams, body: confirmRemovalBody },
  async ({ params, body, actor, origin }): Promise<EnvironmentRemovedView> => {
    const removed = await removeEnvironment(getRegistryContext(), params.id, body.confirmation, { actor, origin });
    afterRegistryChange();
    return removed;
  },
);
