// The promotion path read from environments' statuses (pure, client-safe): their order, and the release each is at.
import type { EnvironmentSummaryView } from "../environments/views";
import type { PromotionStepView } from "./views";

type Placed = Pick<EnvironmentSummaryView, "environment" | "reachable" | "release">;

/** The environments in their project's order (position, then name), each with the release it is at. */
export function toPromotionSteps(environments: Placed[]): PromotionStepView[] {
  return [...environments]
    .sort(
      (a, b) => a.environment.position - b.environment.position || a.environment.name.localeCompare(b.environment.name),
    )
    .map((s) => ({
      environmentId: s.environment.id,
      name: s.environment.name,
      position: s.environment.position,
      isProtected: s.environment.isProtected,
      reachable: s.reachable,
      at: s.release?.at ? { number: s.release.at.number, label: s.release.at.label } : null,
    }));
}

/** The step before this environment (a smaller position), or null when it comes first. */
export function previousStep(steps: PromotionStepView[], environmentId: string): PromotionStepView | null {
  const self = steps.find((s) => s.environmentId === environmentId);
  if (!self) return null;
  return steps.filter((s) => s.position < self.position).at(-1) ?? null;
}

/** The environments at or past release `number` (known to be: unreachable ones are not counted). */
export function stepsAtOrPast(steps: PromotionStepView[], number: number): PromotionStepView[] {
  return steps.filter((s) => s.reachable && s.at !== null && s.at.number >= number);
}
