import { loadActionReview } from "@/lib/actions/review-action";
import type { ActionReviewView } from "@/lib/api/responses";
import { jsonError, route } from "@/lib/server/route";
import { idParams } from "@/lib/api/schemas";
import { getRegistryContext } from "@/lib/server/services";

export const dynamic = "force-dynamic";

/** The action with, while it is open, its preflight as it would run now (what an approver reviews; operators and admins). */
export const GET = route(
  { role: "viewer", params: idParams },
  async ({ params, actor }): Promise<ActionReviewView | Response> => {
    const review = await loadActionReview(getRegistryContext(), params.id, actor);
    return review ?? jsonError(404, "action_not_found", "No such action.");
  },
);
