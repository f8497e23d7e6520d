import { analyzeFailure } from "@/lib/diagnosis/analyze-failure";
import type { FailureAnalysis } from "@/lib/api/responses";
import { migrationParams } from "@/lib/api/schemas";
import { getEnvironmentTarget } from "@/lib/environments/registry";
import { HttpError, route } from "@/lib/server/route";
import { getRegistryContext, getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

/** Failure analysis of a failed (or in-doubt) migration against the target's catalogs, read-only. */
export const GET = route({ role: "viewer", params: migrationParams }, async ({ params }): Promise<FailureAnalysis> => {
  const detail = await getStatusService().getMigrationDetail(params.id, params.name);
  if (detail.state !== "failed")
    throw new HttpError(
      409,
      "not_failed",
      `${detail.name} is ${detail.state.replace("_", " ")} in ${detail.environment.name}: only a failed migration has a failure to analyse.`,
    );
  if (!detail.sql)
    throw new HttpError(409, "no_local_sql", "The migrations source has no migration.sql for it: nothing to analyse.");
  const target = await getEnvironmentTarget(getRegistryContext(), params.id);
  const failedAttempt = [...detail.attempts].reverse().find((a) => a.finishedAt === null);
  return analyzeFailure(
    target.url,
    { name: detail.name, sql: detail.sql, logs: failedAttempt?.logs ?? detail.logs },
    {
      connectTimeoutMs: target.environment.connectTimeoutMs,
      statementTimeoutMs: target.environment.statementTimeoutMs,
    },
  );
});
