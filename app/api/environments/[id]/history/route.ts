import type { HistoryPageView } from "@/lib/api/responses";
import { historyQuery, idParams } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";
import { getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

/** One page of the environment's history, grouped per deploy, newest first (keyset: `before` = nextBefore). */
export const GET = route(
  { role: "viewer", params: idParams, query: historyQuery },
  async ({ params, query }): Promise<HistoryPageView> =>
    getStatusService().getHistory(params.id, {
      before: query.before,
      limit: query.limit,
      failuresOnly: query.failures === "1" || query.failures === "true",
    }),
);
