import { z } from "zod";
import { compareEnvironments } from "@/lib/schema/compare-environments";
import { route } from "@/lib/server/route";
import { idParams } from "@/lib/api/schemas";
import { getRegistryContext } from "@/lib/server/services";

export const dynamic = "force-dynamic";

const compareQuery = z.object({ with: z.string().uuid("not a valid environment id") });

/** This environment's schema against another's: SQL from this one to `with`, and the objects named. */
export const GET = route({ role: "viewer", params: idParams }, async ({ params, request }) => {
  const query = compareQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return compareEnvironments(getRegistryContext(), params.id, query.with);
});
