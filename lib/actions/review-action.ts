// What an approver reviews on /actions/{id}: the action, and for a request still open, its preflight as it
// would run now (rows, migrations with SQL, warnings), computed against the live target.
import type { RegistryContext } from "../environments/registry";
import { redactSecrets } from "../migrations/database-url";
import type { Actor } from "./actor";
import { loadActionView } from "./action-view";
import { readFreshState, readReleaseState } from "./context";
import { computePreflightAgainstTarget } from "./preflight";
import type { ActionView, PreflightView } from "./views";

export interface ActionReviewView {
  action: ActionView;
  preflight: PreflightView | null;
  /** Why no preflight could be computed (the target is unreachable…). */
  preflightError: string | null;
}

/** The preflight reads the target: computed for operators and admins (who decide), not for viewers. */
export async function loadActionReview(
  ctx: RegistryContext,
  id: string,
  viewer: Actor,
): Promise<ActionReviewView | null> {
  const action = await loadActionView(ctx.prisma, id, viewer);
  if (!action) return null;
  const open = action.status === "awaiting_approval" || action.status === "queued";
  if (!open || viewer.role === "viewer") return { action, preflight: null, preflightError: null };
  try {
    const source = await readFreshState(ctx, action.environmentId);
    // A chosen release is reviewed as it will run: its own migrations.
    const { target, folder, status } =
      action.release?.number != null
        ? await readReleaseState(ctx, source, action.release.number, action.release.checksum)
        : source;
    const preflight = await computePreflightAgainstTarget({
      url: target.url,
      connectTimeoutMs: target.environment.connectTimeoutMs,
      kind: action.kind,
      migrationName: action.migrationName,
      environment: target.environment,
      status,
      folder,
      // The request itself holds the environment: it is what is reviewed, not a competing action.
      openAction: null,
    });
    return { action, preflight, preflightError: null };
  } catch (error) {
    return { action, preflight: null, preflightError: redactSecrets((error as Error).message) };
  }
}
