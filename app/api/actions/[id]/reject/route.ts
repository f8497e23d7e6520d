import { loadActionView } from "@/lib/actions/action-view";
import { rejectAction } from "@/lib/actions/decide-action";
import { getActionsContext } from "@/lib/server/action-runtime";
import { getPrisma } from "@/lib/server/db";
import type { ActionView } from "@/lib/api/responses";
import { route } from "@/lib/server/route";
import { idParams, rejectBody } from "@/lib/api/schemas";

export const POST = route(
  { role: "operator", params: idParams, body: rejectBody },
  async ({ params, body, actor, origin }): Promise<ActionView> => {
    await rejectAction(getActionsContext(), params.id, actor, origin, body.reason ?? null);
    return (await loadActionView(getPrisma(), params.id, actor))!;
  },
);
