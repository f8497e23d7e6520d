import { recordAudit } from "@/lib/audit/record-audit";
import { revokeApiToken } from "@/lib/server/api-tokens";
import { getPrisma } from "@/lib/server/db";
import { route } from "@/lib/server/route";
import { idParams } from "@/lib/server/schemas";

export const DELETE = route({ role: "admin", params: idParams }, async ({ params, actor, origin }) => {
  const view = await revokeApiToken(getPrisma(), params.id);
  await recordAudit(getPrisma(), { event: "token_revoked", actor, outcome: "accepted", arguments: { id: view.id, name: view.name }, origin });
  return view;
});
