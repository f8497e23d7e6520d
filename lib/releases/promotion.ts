// Promotion order: a project's environments in their order (position: dev → staging → prod) are the path a release
// travels. With the project's `enforcePromotion` on, an environment deploys only a release that the environment
// before it is at or past (the first environment is free); otherwise the order is only shown.
import { readFreshState } from "../actions/context";
import type { EnvironmentTarget, RegistryContext } from "../environments/registry";
import { locateRelease } from "./list-releases";

export interface PromotionRefusal {
  code: "promotion_order";
  message: string;
  /** The environment that must be at the release first. */
  mustDeployFirst: { environmentId: string; environmentName: string };
}

/** Where the environment before this one stands: null when this one is first in its project's order. */
export interface PreviousEnvironment {
  id: string;
  name: string;
  /** The release it is at (null: none fully applied), or `error` when it could not be read. */
  at: number | null;
  error: string | null;
}

/** The project's setting, and the environment before this one (its release read now) when the setting is on. */
export async function readPromotionGate(
  ctx: RegistryContext,
  target: EnvironmentTarget,
): Promise<{ enforced: boolean; previous: PreviousEnvironment | null }> {
  const project = await ctx.prisma.project.findUnique({
    where: { id: target.project.id },
    select: { enforcePromotion: true },
  });
  if (!project?.enforcePromotion) return { enforced: false, previous: null };
  const before = await ctx.prisma.environment.findFirst({
    where: { projectId: target.project.id, archivedAt: null, position: { lt: target.environment.position } },
    orderBy: [{ position: "desc" }, { name: "asc" }],
    select: { id: true, name: true },
  });
  if (!before) return { enforced: true, previous: null };
  try {
    const state = await readFreshState(ctx, before.id);
    const located = locateRelease(state.releases, state.status.migrations);
    return { enforced: true, previous: { ...before, at: located?.at?.number ?? null, error: null } };
  } catch (error) {
    return {
      enforced: true,
      previous: { ...before, at: null, error: error instanceof Error ? error.message : String(error) },
    };
  }
}

/** null when release `number` may be deployed past this gate; otherwise why not, naming who must go first. */
export function checkPromotion(
  gate: { enforced: boolean; previous: PreviousEnvironment | null },
  number: number,
  environmentName: string,
): PromotionRefusal | null {
  const previous = gate.previous;
  if (!gate.enforced || !previous) return null;
  if (previous.error === null && (previous.at ?? 0) >= number) return null;
  const mustDeployFirst = { environmentId: previous.id, environmentName: previous.name };
  const message =
    previous.error !== null
      ? `Promotion order: ${environmentName} deploys only releases ${previous.name} has, and ${previous.name} could not be read to tell whether it is at release #${number} (${previous.error}).`
      : `Promotion order: ${previous.name} must be at release #${number} before ${environmentName} (it is at ${
          previous.at ? `release #${previous.at}` : "no release yet"
        }). Deploy release #${number} to ${previous.name} first.`;
  return { code: "promotion_order", message, mustDeployFirst };
}

/** The check a deploy request makes: the project's setting, the environment before, and the release to deploy. */
export async function refuseOutOfOrder(
  ctx: RegistryContext,
  target: EnvironmentTarget,
  releaseNumber: number,
): Promise<PromotionRefusal | null> {
  return checkPromotion(await readPromotionGate(ctx, target), releaseNumber, target.environment.name);
}
