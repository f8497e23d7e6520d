// A project's promotion path as the UI shows it: its environments in order, each at its release (from the
// status service's cached reads, so it costs no extra database read), and whether the order is enforced.
import { RegistryError } from "../environments/errors";
import type { RegistryContext } from "../environments/registry";
import type { StatusService } from "../environments/status-service";
import { toPromotionSteps } from "./promotion-steps";
import type { PromotionView } from "./views";

export async function readPromotion(
  ctx: RegistryContext,
  statuses: Pick<StatusService, "getOverview">,
  projectId: string,
): Promise<PromotionView> {
  const project = await ctx.prisma.project.findFirst({
    where: { id: projectId, archivedAt: null },
    select: { id: true, enforcePromotion: true },
  });
  if (!project) throw new RegistryError("not_found", "project_not_found", "No such project.");
  const overview = await statuses.getOverview();
  const environments = overview.projects.find((p) => p.id === projectId)?.environments ?? [];
  return { projectId, enforcePromotion: project.enforcePromotion, steps: toPromotionSteps(environments) };
}
