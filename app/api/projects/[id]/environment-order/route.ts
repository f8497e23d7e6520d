import type { EnvironmentsResponse } from "@/lib/api/responses";
import { environmentOrderBody, idParams } from "@/lib/api/schemas";
import { reorderEnvironments } from "@/lib/environments/environment-order";
import { listEnvironments } from "@/lib/environments/registry";
import { afterRegistryChange } from "@/lib/server/registry-changes";
import { route } from "@/lib/server/route";
import { getRegistryContext } from "@/lib/server/services";

export const dynamic = "force-dynamic";

/** The project's environments in the order given (positions 0, 1, 2…): the overview's columns. */
export const PUT = route(
  { role: "admin", params: idParams, body: environmentOrderBody },
  async ({ params, body, actor, origin }): Promise<EnvironmentsResponse> => {
    const ctx = getRegistryContext();
    const { changed } = await reorderEnvironments(ctx, params.id, body.environmentIds, { actor, origin });
    if (changed) afterRegistryChange();
    return { environments: (await listEnvironments(ctx)).filter((env) => env.projectId === params.id) };
  },
);
