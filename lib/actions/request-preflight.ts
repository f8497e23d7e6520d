// The preflight the action dialog shows: computed on the state a request would be checked against, for the release
// the operator picked (default: the newest), with the promotion order applied. Its fingerprint is the one the
// request sends back (the source's state, as requestAction compares it), whatever release is previewed.
import type { ShadowProvider } from "../migrations/engine";
import type { RegistryContext } from "../environments/registry";
import { refuseOutOfOrder } from "../releases/promotion";
import { preflightOnState, readFreshState, readReleaseState } from "./context";
import type { ActionKind, PreflightView } from "./views";

export async function computeRequestPreflight(
  ctx: RegistryContext & { shadow?: ShadowProvider },
  environmentId: string,
  kind: ActionKind,
  migration: string | null,
  release: { number: number; checksum?: string | null } | null,
): Promise<PreflightView> {
  const source = await readFreshState(ctx, environmentId);
  const chosen =
    kind === "deploy" && release ? await readReleaseState(ctx, source, release.number, release.checksum ?? null) : null;
  const preflight = await preflightOnState(ctx, chosen ?? source, kind, migration);
  if (kind !== "deploy") return { ...preflight, fingerprint: source.status.fingerprint };
  const newest = source.releases.at(-1) ?? null;
  const applied = chosen
    ? { number: chosen.release.number, checksum: chosen.release.checksum, chosen: true }
    : newest
      ? { number: newest.number, checksum: newest.checksum, chosen: false }
      : null;
  const view: PreflightView = {
    ...preflight,
    fingerprint: source.status.fingerprint,
    release: applied
      ? { ...applied, label: source.releases.find((r) => r.number === applied.number)?.label ?? `#${applied.number}` }
      : null,
  };
  // A policy, not a prediction: it refuses even where the dry run would be overridable.
  const outOfOrder = applied ? await refuseOutOfOrder(ctx, source.target, applied.number) : null;
  if (outOfOrder && (view.allowed || view.refusal?.overridable))
    return {
      ...view,
      allowed: false,
      refusal: { code: outOfOrder.code, message: outOfOrder.message, mustDeployFirst: outOfOrder.mustDeployFirst },
    };
  return view;
}
