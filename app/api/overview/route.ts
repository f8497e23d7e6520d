import type { OverviewView } from "@/lib/api/responses";
import { route } from "@/lib/server/route";
import { getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer" }, async (): Promise<OverviewView> => getStatusService().getOverview());
