// The releases an operator may deploy to one environment, each with what it would do there: its migrations
// classified against the environment's history read now (the same classification as the status, so "would
// apply" is what the engine would run), and whether the promotion order lets it through.
import type { RegistryContext } from "../environments/registry";
import type { BundleFiles } from "../environments/bundles";
import { readFreshState } from "../actions/context";
import { classifyMigrations } from "../migrations/classify";
import { computeChecksum } from "../migrations/checksum";
import type { LocalMigration } from "../migrations/types";
import { locateRelease } from "./list-releases";
import { checkPromotion, readPromotionGate } from "./promotion";
import { migrationNamesOf, shortLabel } from "./release-files";
import type { ReleaseOptionsView, ReleaseOrigin } from "./views";

/** How many releases the picker offers (newest first); the one the environment is at is added when older. */
export const RELEASE_OPTIONS_LIMIT = 20;

export function localMigrationsOf(files: BundleFiles): LocalMigration[] {
  return migrationNamesOf(files).map((name) => {
    const sql = files[`${name}/migration.sql`];
    return { name, sql, checksum: computeChecksum(sql) };
  });
}

export async function listReleaseOptions(ctx: RegistryContext, environmentId: string): Promise<ReleaseOptionsView> {
  const state = await readFreshState(ctx, environmentId);
  const { target, status, acknowledged } = state;
  const at = locateRelease(state.releases, status.migrations)?.at?.number ?? null;
  const newest = state.releases.at(-1)?.number ?? null;
  const rows = await ctx.prisma.release.findMany({
    where: {
      projectId: target.project.id,
      OR: [{ number: { gt: (newest ?? 0) - RELEASE_OPTIONS_LIMIT } }, ...(at !== null ? [{ number: at }] : [])],
    },
    orderBy: { number: "desc" },
  });
  const gate = await readPromotionGate(ctx, target);
  return {
    environmentId,
    enforcePromotion: gate.enforced,
    previous: gate.previous
      ? { environmentId: gate.previous.id, name: gate.previous.name, at: gate.previous.at, error: gate.previous.error }
      : null,
    releases: rows.map((row) => {
      const classified = classifyMigrations(localMigrationsOf(row.files as BundleFiles), status.history, acknowledged);
      const names = (predicate: (m: (typeof classified.migrations)[number]) => boolean) =>
        classified.migrations.filter(predicate).map((m) => m.name);
      const refusal = checkPromotion(gate, row.number, target.environment.name);
      return {
        number: row.number,
        label: shortLabel(row),
        checksum: row.checksum,
        origin: row.origin as ReleaseOrigin,
        commit: { sha: row.commitSha, branch: row.branch, author: row.author, message: row.message },
        createdAt: row.createdAt.toISOString(),
        isNewest: row.number === newest,
        isCurrent: row.number === at,
        wouldApply: names((m) => m.willApplyOnDeploy && m.local !== null),
        edited: names((m) => m.state === "modified"),
        notInRelease: names((m) => m.state === "missing_locally"),
        blocked: classified.verdict.blocked,
        promotion: refusal ? { message: refusal.message, mustDeployFirst: refusal.mustDeployFirst } : null,
      };
    }),
  };
}
