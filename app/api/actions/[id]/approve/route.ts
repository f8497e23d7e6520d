import { loadActionView } from "@/lib/actions/action-view";
import { approveAction } from "@/lib/actions/decide-action";
import { getActionsContext } from "@/lib/server/action-runtime";
import { getPrisma } from "@/lib/server/db";
import type { ActionView } from "@/lib/api/responses";
import { route } from "@/lib/server/route";
import { idParams } from "@/lib/api/schemas";

export const POST = route(
  { role: "operator", params: idParams },
  async ({ params, actor, origin }): Promise<ActionView> => {
    await approveAction(getActionsContext(), params.id, actor, origin);
    return (await loadActionView(getPrisma(), params.id, actor))!;
  },
);
