import { readDeployFacts } from "@/lib/monitor/query-events";
import { getPrisma } from "@/lib/server/db";
import type { DeployFactsView } from "@/lib/api/responses";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** Each environment's last deploy: when, how (Runway or outside), by whom, approved by whom, which migrations. */
export const GET = route({ role: "viewer" }, async (): Promise<DeployFactsView> => {
  const prisma = getPrisma();
  const ids = (await prisma.environment.findMany({ where: { archivedAt: null }, select: { id: true } })).map(
    (e) => e.id,
  );
  return readDeployFacts(prisma, ids);
});
