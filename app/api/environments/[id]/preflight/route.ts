import { computeRequestPreflight } from "@/lib/actions/request-preflight";
import type { PreflightView } from "@/lib/api/responses";
import { idParams, preflightQuery } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";
import { getShadowProvider } from "@/lib/server/schema-runtime";
import { getRegistryContext } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route(
  { role: "operator", params: idParams, query: preflightQuery },
  async ({ params, query }): Promise<PreflightView> =>
    computeRequestPreflight(
      { ...getRegistryContext(), shadow: async () => (await getShadowProvider())() },
      params.id,
      query.kind,
      query.migration ?? null,
      query.release ? { number: query.release, checksum: query.releaseChecksum ?? null } : null,
    ),
);
