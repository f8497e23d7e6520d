import { loadActionView } from "@/lib/actions/action-view";
import { getPrisma } from "@/lib/server/db";
import { jsonError, route } from "@/lib/server/route";
import type { ActionView } from "@/lib/api/responses";
import { actionLogQuery, idParams } from "@/lib/api/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  { role: "viewer", params: idParams, query: actionLogQuery },
  async ({ params, query, actor }): Promise<ActionView | Response> => {
    const view = await loadActionView(getPrisma(), params.id, actor, query.afterLogId);
    return view ?? jsonError(404, "action_not_found", "No such action.");
  },
);
