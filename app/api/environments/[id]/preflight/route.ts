import { preflightOnState, readFreshState } from "@/lib/actions/context";
import type { PreflightView } from "@/lib/api/responses";
import { idParams, preflightQuery } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";
import { getShadowProvider } from "@/lib/server/schema-runtime";
import { getRegistryContext } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route(
  { role: "operator", params: idParams, query: preflightQuery },
  async ({ params, query }): Promise<PreflightView> => {
    const ctx = getRegistryContext();
    return preflightOnState(
      { ...ctx, shadow: async () => (await getShadowProvider())() },
      await readFreshState(ctx, params.id),
      query.kind,
      query.migration ?? null,
    );
  },
);
