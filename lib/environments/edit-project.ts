// Editing a project: its name, its migrations source (checked as on creation) and its repository migrations path.
// One transaction writes the change and its audit event (before → after), so neither exists without the other.
import { recordAudit } from "../audit/record-audit";
import type { UpdateProjectInput } from "../api/schemas";
import { AUDITED_TRANSACTION, type ChangedBy } from "./admin-changes";
import { RegistryError } from "./errors";
import {
  isCurrentSource,
  saveSourceExtras,
  sourceColumns,
  validateProjectSource,
  type ProjectSource,
} from "./project-sources";
import {
  DEFAULT_REPO_MIGRATIONS_PATH,
  findProjectView,
  isUniqueViolation,
  normalizeRepoMigrationsPath,
  projectNameTaken,
  refuseTakenProjectName,
  type RegistryContext,
} from "./registry";
import type { ProjectView } from "./views";

/** What the audit log keeps of a project: its settings and the newest bundle's checksum, never uploaded SQL. */
export function projectAuditShape(view: ProjectView) {
  const { environmentCount: _count, id: _id, ...settings } = view;
  return settings;
}

export interface ProjectUpdate {
  project: ProjectView;
  /** Anything changed (false: the request repeated the current settings; nothing was written or audited). */
  changed: boolean;
}

export async function updateProject(
  ctx: RegistryContext,
  id: string,
  input: UpdateProjectInput,
  by: ChangedBy,
): Promise<ProjectUpdate> {
  const current = await findProjectView(ctx.prisma, id);
  const name = input.name?.trim();
  const renamed = name !== undefined && name !== current.name;
  if (renamed) await refuseTakenProjectName(ctx.prisma, name, id);
  const source = input.source as ProjectSource | undefined;
  // Checked before anything is written, with the same rules as creation (folder under RUNWAY_SOURCE_ROOTS…).
  if (source) validateProjectSource(source, ctx.sourceRoots);
  const sourceChanged = source !== undefined && !isCurrentSource(source, current);
  const repoPath =
    input.repoMigrationsPath === undefined ? undefined : normalizeRepoMigrationsPath(input.repoMigrationsPath);
  const repoPathChanged =
    repoPath !== undefined && (repoPath ?? DEFAULT_REPO_MIGRATIONS_PATH) !== current.repoMigrationsPath;
  if (!renamed && !sourceChanged && !repoPathChanged) return { project: current, changed: false };

  try {
    const after = await ctx.prisma.$transaction(async (tx) => {
      // Serialises edits of one project: the "before" recorded is what this edit replaced.
      const locked = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT id FROM "Project" WHERE id = ${id} AND "archivedAt" IS NULL FOR UPDATE`;
      if (locked.length === 0) throw new RegistryError("not_found", "project_not_found", "No such project.");
      const before = await findProjectView(tx, id);
      await tx.project.update({
        where: { id },
        data: {
          ...(renamed ? { name } : {}),
          ...(sourceChanged ? sourceColumns(source!) : {}),
          ...(repoPathChanged ? { repoMigrationsPath: repoPath } : {}),
        },
      });
      if (sourceChanged) await saveSourceExtras(tx, id, source!, by.actor?.userId ?? null);
      const updated = await findProjectView(tx, id);
      await recordAudit(tx, {
        event: "project_updated",
        actor: by.actor,
        outcome: "accepted",
        message: describeProjectChange(before, updated),
        // Uploaded SQL is not copied into the audit log: the bundle's checksum identifies it.
        arguments: { projectId: id, before: projectAuditShape(before), after: projectAuditShape(updated) },
        origin: by.origin,
      });
      return updated;
    }, AUDITED_TRANSACTION);
    return { project: after, changed: true };
  } catch (error) {
    // Renamed at the same time as another project took the name: the partial unique index decides.
    if (renamed && isUniqueViolation(error)) throw projectNameTaken(name);
    if (isUniqueViolation(error))
      throw new RegistryError(
        "conflict",
        "bundle_conflict",
        "Another version of this project's migrations was uploaded at the same time: reload and try again.",
      );
    throw error;
  }
}

function describeProjectChange(before: ProjectView, after: ProjectView): string {
  const parts: string[] = [];
  if (before.name !== after.name) parts.push(`renamed "${before.name}" → "${after.name}"`);
  if (before.sourceKind !== after.sourceKind) parts.push(`source ${before.sourceKind} → ${after.sourceKind}`);
  else if (before.folderPath !== after.folderPath) parts.push(`folder ${before.folderPath} → ${after.folderPath}`);
  if (after.sourceKind === "upload" && before.latestBundle?.version !== after.latestBundle?.version)
    parts.push(`bundle v${after.latestBundle?.version}`);
  if (before.repoMigrationsPath !== after.repoMigrationsPath)
    parts.push(`repository path ${before.repoMigrationsPath} → ${after.repoMigrationsPath}`);
  return `Project ${after.name}: ${parts.join("; ") || "saved"}.`;
}
