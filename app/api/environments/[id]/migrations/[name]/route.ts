import { route } from "@/lib/server/route";
import { migrationParams } from "@/lib/server/schemas";
import { getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: migrationParams }, async ({ params }) =>
  getStatusService().getMigrationDetail(params.id, params.name),
);
