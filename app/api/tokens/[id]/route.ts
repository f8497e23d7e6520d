import { recordAudit } from "@/lib/audit/record-audit";
import { revokeApiToken } from "@/lib/server/api-tokens";
import { getPrisma } from "@/lib/server/db";
import type { ApiTokenView } from "@/lib/api/responses";
import { idParams } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";

export const DELETE = route(
  { role: "admin", params: idParams },
  async ({ params, actor, origin }): Promise<ApiTokenView> => {
    const view = await revokeApiToken(getPrisma(), params.id);
    await recordAudit(getPrisma(), {
      event: "token_revoked",
      actor,
      outcome: "accepted",
      arguments: { id: view.id, name: view.name },
      origin,
    });
    return view;
  },
);
