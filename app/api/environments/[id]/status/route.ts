import type { EnvironmentStatusView } from "@/lib/api/responses";
import { idParams } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";
import { getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: idParams }, async ({ params }): Promise<EnvironmentStatusView> =>
  getStatusService().getEnvironmentStatus(params.id),
);
