import { loadActionView } from "@/lib/actions/action-view";
import { getPrisma } from "@/lib/server/db";
import { jsonError, route } from "@/lib/server/route";
import { actionLogQuery, idParams } from "@/lib/server/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: idParams }, async ({ params, actor, request }) => {
  const { afterLogId } = actionLogQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const view = await loadActionView(getPrisma(), params.id, actor, afterLogId);
  return view ?? jsonError(404, "action_not_found", "No such action.");
});
