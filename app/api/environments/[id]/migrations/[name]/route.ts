import type { MigrationDetailView } from "@/lib/api/responses";
import { migrationParams } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";
import { getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route(
  { role: "viewer", params: migrationParams },
  async ({ params }): Promise<MigrationDetailView> => getStatusService().getMigrationDetail(params.id, params.name),
);
