import { recordAudit } from "@/lib/audit/record-audit";
import { createApiToken, listApiTokens } from "@/lib/server/api-tokens";
import { getPrisma } from "@/lib/server/db";
import { route } from "@/lib/server/route";
import { createTokenBody } from "@/lib/server/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async () => ({ tokens: await listApiTokens(getPrisma()) }));

export const POST = route({ role: "admin", body: createTokenBody }, async ({ body, actor, origin }) => {
  const prisma = getPrisma();
  const { token, view } = await createApiToken(
    prisma,
    { name: body.name, role: body.role, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null },
    actor.userId,
  );
  await recordAudit(prisma, { event: "token_created", actor, outcome: "accepted", arguments: { name: view.name, role: view.role, expiresAt: view.expiresAt }, origin });
  // The clear token is in this response only; Runway keeps its hash.
  return Response.json({ token, ...view }, { status: 201 });
});
