import { route } from "@/lib/server/route";
import { idParams } from "@/lib/server/schemas";
import { getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: idParams }, async ({ params }) =>
  getStatusService().getEnvironmentStatus(params.id),
);
