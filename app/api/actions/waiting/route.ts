import { listWaitingFor } from "@/lib/actions/cancel-action";
import { getPrisma } from "@/lib/server/db";
import type { WaitingActionsResponse } from "@/lib/api/responses";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** Requests the caller could approve (the header's badge). */
export const GET = route({ role: "operator" }, async ({ actor }): Promise<WaitingActionsResponse> => {
  const actions = await listWaitingFor({ prisma: getPrisma() }, actor);
  return { count: actions.length, actions };
});
