// "Ship the fix", the runbook's step between marking a failed migration rolled back and deploying again: while a
// failed migration's file is the one that failed, a deploy repeats the same failure. What to do instead: apply the
// re-runnable rewrite (a patch at the project's real migrations path in its repository), and ship that version —
// `runway push` from CI, an upload, or (folder projects) the edited file in the folder on the server.
import { compareWithFailedAttempt } from "../migrations/since-failure";
import type { ClassifiedMigration } from "../migrations/types";
import { rewriteRerunnable, toPatch } from "../sql/rewrite";
import { fetchCliLines } from "./cli-script";
import type { SourceKind } from "../api/sources";
import type { GitSourceView } from "../git-source/views";
import type { ShipFixView } from "./views";

export interface ShipFixProject {
  id: string;
  name: string;
  sourceKind: SourceKind;
  folderPath: string | null;
  repoMigrationsPath: string;
}

/** A POSIX shell word: bare when safe, else single-quoted. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The commands CI (or a person) runs from the repository's root to push the fixed migrations as a release: the
 * CLI is fetched from this Runway (GET /api/cli), so nothing needs installing but Node and curl.
 */
export function pushCommand(project: ShipFixProject, dashboardUrl: string | null): string {
  const lines = [
    `export RUNWAY_URL=${dashboardUrl ? shellQuote(dashboardUrl) : "<this dashboard's URL>"}`,
    "export RUNWAY_TOKEN=<a release token for this project>",
    ...fetchCliLines(),
    `node "$runway" push --project ${shellQuote(project.name)} --dir ${shellQuote(project.repoMigrationsPath)} --commit "$(git rev-parse HEAD)"`,
  ];
  return lines.join("\n");
}

/** The last line of Prisma's stored error that says what the database answered. */
function summariseError(logs: string | null): string | null {
  if (!logs?.trim()) return null;
  const lines = logs.split("\n").map((l) => l.trim());
  return lines.find((l) => /^(ERROR|Database error)/i.test(l)) ?? lines.find((l) => l !== "") ?? null;
}

/**
 * The ways to ship a fixed version of every failed or rolled-back migration whose file is still the one that
 * failed (empty `unchanged`: nothing repeats a failure). The patch holds the re-runnable rewrite of each, at
 * `<repoMigrationsPath>/<name>/migration.sql`, for `git apply` at the repository's root.
 */
export async function planShipFix(
  environmentId: string,
  project: ShipFixProject,
  migrations: ClassifiedMigration[],
  dashboardUrl: string | null,
  git: GitSourceView | null = null,
): Promise<ShipFixView> {
  const unchanged = migrations.filter((m) => compareWithFailedAttempt(m) === "unchanged");
  const patches: string[] = [];
  const unsupported: ShipFixView["unsupported"] = [];
  for (const m of unchanged) {
    const rewrite = await rewriteRerunnable(m.local!.sql);
    if (rewrite.sql !== m.local!.sql)
      patches.push(toPatch(m.name, m.local!.sql, rewrite.sql, project.repoMigrationsPath));
    for (const item of rewrite.unsupported) unsupported.push({ migrationName: m.name, ...item });
  }
  return {
    environmentId,
    project: {
      id: project.id,
      name: project.name,
      sourceKind: project.sourceKind,
      folderPath: project.folderPath,
      repoMigrationsPath: project.repoMigrationsPath,
      git: git
        ? {
            repository: git.repository,
            refName: git.refName,
            refKind: git.refKind,
            intervalSeconds: git.intervalSeconds,
          }
        : null,
    },
    unchanged: unchanged.map((m) => ({
      name: m.name,
      state: m.state as "failed" | "rolled_back",
      failedAt: m.current!.startedAt.toISOString(),
      checksum: m.current!.checksum,
      error: summariseError(m.current!.logs),
      file: `${project.repoMigrationsPath}/${m.name}/migration.sql`,
    })),
    patch: patches.join(""),
    unsupported,
    pushCommand: project.sourceKind === "upload" ? pushCommand(project, dashboardUrl) : null,
  };
}
