import { loadActionView } from "@/lib/actions/action-view";
import { cancelAction } from "@/lib/actions/cancel-action";
import { getPrisma } from "@/lib/server/db";
import type { ActionView } from "@/lib/api/responses";
import { route } from "@/lib/server/route";
import { idParams } from "@/lib/api/schemas";

export const POST = route(
  { role: "operator", params: idParams },
  async ({ params, actor, origin }): Promise<ActionView> => {
    await cancelAction({ prisma: getPrisma() }, params.id, actor, origin);
    return (await loadActionView(getPrisma(), params.id, actor))!;
  },
);
