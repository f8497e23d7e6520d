import type { EnvironmentStatusView } from "@/lib/api/responses";
import { idParams, statusQuery } from "@/lib/api/schemas";
import { listOpenMigrations } from "@/lib/environments/status-view";
import { route } from "@/lib/server/route";
import { getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route(
  { role: "viewer", params: idParams, query: statusQuery },
  async ({ params, query }): Promise<EnvironmentStatusView> => {
    const status = await getStatusService().getEnvironmentStatus(params.id);
    // `open`: the summary and counts as ever, migrations[] only those that need attention (the page's history is
    // paged by GET …/history instead of shipped whole).
    return query.migrations === "open" ? { ...status, migrations: listOpenMigrations(status.migrations) } : status;
  },
);
