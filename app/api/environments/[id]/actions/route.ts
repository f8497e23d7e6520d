import { listEnvironmentActions } from "@/lib/actions/action-view";
import { requestAction } from "@/lib/actions/request-action";
import { getActionsContext } from "@/lib/server/action-runtime";
import { getPrisma } from "@/lib/server/db";
import type { ActionAcceptedView, ActionsResponse } from "@/lib/api/responses";
import { actionRequestBody, idParams } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: idParams }, async ({ params, actor }): Promise<ActionsResponse> => ({
  actions: await listEnvironmentActions(getPrisma(), params.id, actor),
}));

export const POST = route(
  { role: "operator", params: idParams, body: actionRequestBody },
  async ({ params, body, actor, origin }) => {
    const accepted = await requestAction(getActionsContext(), { environmentId: params.id, ...body }, actor, origin);
    return Response.json(accepted satisfies ActionAcceptedView, {
      status: 202,
      headers: { Location: `/api/actions/${accepted.id}` },
    });
  },
);
