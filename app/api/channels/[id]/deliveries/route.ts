import { listDeliveries } from "@/lib/notifications/channels";
import { getChannelsContext } from "@/lib/server/oncall-services";
import type { DeliveriesResponse } from "@/lib/api/responses";
import { route } from "@/lib/server/route";
import { idParams } from "@/lib/api/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin", params: idParams }, async ({ params }): Promise<DeliveriesResponse> => ({
  deliveries: await listDeliveries(getChannelsContext(), params.id),
}));
