import { compareEnvironments } from "@/lib/schema/compare-environments";
import { route } from "@/lib/server/route";
import type { SchemaCompareView } from "@/lib/api/responses";
import { compareQuery, idParams } from "@/lib/api/schemas";
import { getRegistryContext } from "@/lib/server/services";

export const dynamic = "force-dynamic";

/** This environment's schema against another's: SQL from this one to `with`, and the objects named. */
export const GET = route(
  { role: "viewer", params: idParams, query: compareQuery },
  async ({ params, query }): Promise<SchemaCompareView> => {
    return compareEnvironments(getRegistryContext(), params.id, query.with);
  },
);
