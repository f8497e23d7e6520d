import type { PromotionView } from "@/lib/api/responses";
import { idParams } from "@/lib/api/schemas";
import { readPromotion } from "@/lib/releases/read-promotion";
import { route } from "@/lib/server/route";
import { getRegistryContext, getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

// The setting itself is changed with PATCH /api/projects/{id} ({ enforcePromotion }), audited with the project.
export const GET = route({ role: "viewer", params: idParams }, async ({ params }): Promise<PromotionView> =>
  readPromotion(getRegistryContext(), getStatusService(), params.id),
);
