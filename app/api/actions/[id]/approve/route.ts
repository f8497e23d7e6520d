import { loadActionView } from "@/lib/actions/action-view";
import { approveAction } from "@/lib/actions/decide-action";
import { getActionsContext } from "@/lib/server/action-runtime";
import { getPrisma } from "@/lib/server/db";
import { route } from "@/lib/server/route";
import { idParams } from "@/lib/server/schemas";

export const POST = route({ role: "operator", params: idParams }, async ({ params, actor, origin }) => {
  await approveAction(await getActionsContext(), params.id, actor, origin);
  return (await loadActionView(getPrisma(), params.id, actor))!;
});
