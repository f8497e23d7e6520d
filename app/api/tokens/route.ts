import { recordAudit } from "@/lib/audit/record-audit";
import { createApiToken, listApiTokens } from "@/lib/server/api-tokens";
import { getPrisma } from "@/lib/server/db";
import type { CreatedTokenView, TokensResponse } from "@/lib/api/responses";
import { createTokenBody } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async (): Promise<TokensResponse> => ({
  tokens: await listApiTokens(getPrisma()),
}));

export const POST = route(
  { role: "admin", body: createTokenBody, status: 201 },
  async ({ body, actor, origin }): Promise<CreatedTokenView> => {
    const prisma = getPrisma();
    const { token, view } = await createApiToken(
      prisma,
      {
        name: body.name,
        role: body.role,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        projectIds: body.projectIds,
      },
      actor.userId,
    );
    await recordAudit(prisma, {
      event: "token_created",
      actor,
      outcome: "accepted",
      arguments: { name: view.name, role: view.role, projectIds: view.projectIds, expiresAt: view.expiresAt },
      origin,
    });
    // The clear token is in this response only; Runway keeps its hash.
    return { token, ...view };
  },
);
