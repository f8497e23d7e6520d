import type { PromotionView } from "@/lib/api/responses";
import { idParams, promotionBody } from "@/lib/api/schemas";
import { readPromotion } from "@/lib/releases/read-promotion";
import { setEnforcePromotion } from "@/lib/releases/promotion";
import { route } from "@/lib/server/route";
import { getRegistryContext, getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: idParams }, async ({ params }): Promise<PromotionView> =>
  readPromotion(getRegistryContext(), getStatusService(), params.id),
);

// Until the project edit form exists (PATCH /api/projects/{id}), the setting has its own small route.
export const PUT = route(
  { role: "admin", params: idParams, body: promotionBody },
  async ({ params, body, actor, origin }): Promise<PromotionView> => {
    const ctx = getRegistryContext();
    await setEnforcePromotion(ctx, params.id, body.enforcePromotion, actor, origin);
    return readPromotion(ctx, getStatusService(), params.id);
  },
);
