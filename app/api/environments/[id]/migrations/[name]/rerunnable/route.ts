import type { RerunnableView } from "@/lib/api/responses";
import { migrationParams, rerunnableQuery } from "@/lib/api/schemas";
import { HttpError, route } from "@/lib/server/route";
import { getEnvironmentTarget } from "@/lib/environments/registry";
import { getRegistryContext, getStatusService } from "@/lib/server/services";
import { lintMigration } from "@/lib/sql/lint";
import { rewriteRerunnable, toPatch } from "@/lib/sql/rewrite";

export const dynamic = "force-dynamic";

/** Lint findings and the re-runnable rewrite of a migration, as JSON or (?download=patch) as a patch file. */
export const GET = route(
  { role: "viewer", params: migrationParams, query: rerunnableQuery },
  async ({ params, query }) => {
    const detail = await getStatusService().getMigrationDetail(params.id, params.name);
    if (!detail.sql) throw new HttpError(409, "no_local_sql", "The migrations source has no migration.sql for it.");
    const [findings, rewrite, target] = await Promise.all([
      lintMigration(detail.name, detail.sql),
      rewriteRerunnable(detail.sql),
      getEnvironmentTarget(getRegistryContext(), params.id),
    ]);
    const patch =
      rewrite.sql === detail.sql
        ? ""
        : toPatch(detail.name, detail.sql, rewrite.sql, target.project.repoMigrationsPath);
    if (query.download === "patch") {
      return new Response(patch, {
        headers: {
          "Content-Type": "text/x-diff; charset=utf-8",
          "Content-Disposition": `attachment; filename="${detail.name}.rerunnable.patch"`,
          "Cache-Control": "no-store",
        },
      });
    }
    const view: RerunnableView = {
      migrationName: detail.name,
      findings,
      rewrite,
      patch,
      editingChangesChecksum: detail.attempts.some((a) => a.finishedAt !== null && a.rolledBackAt === null),
    };
    return view;
  },
);
