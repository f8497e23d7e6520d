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
} from "./registry";
import type { GitSourceContext } from "../git-source/context";
import {
  dropGitSource,
  forgetGitCache,
  planGitSourceCreation,
  planGitSourceUpdate,
  type GitSourcePlan,
} from "../git-source/git-settings";
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
  /** A project switched to git: its webhook secret, to answer this once. */
  gitWebhookSecret: string | null;
}

/**
 * The git source's part of an edit, tested against the remote before the transaction: a project switched to git
 * gets a source (and a webhook secret); a git project's new repository, ref, credentials, interval or migrations
 * path are probed and then written.
 */
async function planGit(
  ctx: GitSourceContext,
  current: ProjectView,
  source: ProjectSource | undefined,
  repoPath: string | null | undefined,
): Promise<GitSourcePlan | null> {
  const migrationsPath = repoPath === undefined ? undefined : repoPath;
  if (source?.kind === "git") {
    if (current.sourceKind !== "git")
      return planGitSourceCreation(ctx, current.id, source, repoPath ?? current.repoMigrationsPath);
    const { kind: _kind, ...patch } = source;
    return (
      await planGitSourceUpdate(ctx, current.id, {
        ...patch,
        ...(migrationsPath !== undefined ? { migrationsPath } : {}),
      })
    ).plan;
  }
  // A git project's migrations path is what it reads: a new one is tested as well.
  if (current.sourceKind === "git" && !source && migrationsPath !== undefined)
    return (await planGitSourceUpdate(ctx, current.id, { migrationsPath })).plan;
  return null;
}

export async function updateProject(
  ctx: GitSourceContext,
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
  const promotionChanged = input.enforcePromotion !== undefined && input.enforcePromotion !== current.enforcePromotion;
  if (!renamed && !sourceChanged && !repoPathChanged && !promotionChanged)
    return { project: current, changed: false, gitWebhookSecret: null };
  const git = await planGit(ctx, current, sourceChanged ? source : undefined, repoPathChanged ? repoPath : undefined);
  const leavesGit = sourceChanged && source!.kind !== "git" && current.sourceKind === "git";

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
          ...(promotionChanged ? { enforcePromotion: input.enforcePromotion } : {}),
        },
      });
      if (leavesGit) await dropGitSource(tx, id);
      if (sourceChanged) await saveSourceExtras(tx, id, source!, by.actor?.userId ?? null);
      await git?.apply(tx);
      const updated = await findProjectView(tx, id);
      await recordAudit(tx, {
        event: "project_updated",
        actor: by.actor,
        outcome: "accepted",
        message: describeProjectChange(before, updated),
        // Uploaded SQL is not copied into the audit log (the bundle's checksum identifies it), nor are git
        // credentials or the webhook secret (the project's view has neither).
        arguments: { projectId: id, before: projectAuditShape(before), after: projectAuditShape(updated) },
        origin: by.origin,
      });
      return updated;
    }, AUDITED_TRANSACTION);
    if (leavesGit) forgetGitCache(ctx, id);
    return { project: after, changed: true, gitWebhookSecret: git?.webhookSecret ?? null };
  } catch (error) {
    git?.discard();
    // Renamed at the same time as another project took the name: the partial unique index decides.
    if (renamed && isUniqueViolation(error)) throw projectNameTaken(name);
    if (isUniqueViolation(error))
      throw new RegistryError(
        "conflict",
        "source_conflict",
        "The project's source was changed at the same time by someone else: reload and try again.",
      );
    throw error;
  }
}

function describeProjectChange(before: ProjectView, after: ProjectView): string {
  const parts: string[] = [];
  if (before.name !== after.name) parts.push(`renamed "${before.name}" → "${after.name}"`);
  if (before.enforcePromotion !== after.enforcePromotion)
    parts.push(after.enforcePromotion ? "promotion order enforced" : "promotion order no longer enforced");
  if (before.sourceKind !== after.sourceKind) parts.push(`source ${before.sourceKind} → ${after.sourceKind}`);
  else if (before.folderPath !== after.folderPath) parts.push(`folder ${before.folderPath} → ${after.folderPath}`);
  if (after.git && before.git) parts.push(...describeGitChange(before.git, after.git));
  if (after.sourceKind === "upload" && before.latestBundle?.version !== after.latestBundle?.version)
    parts.push(`bundle v${after.latestBundle?.version}`);
  if (before.repoMigrationsPath !== after.repoMigrationsPath)
    parts.push(`repository path ${before.repoMigrationsPath} → ${after.repoMigrationsPath}`);
  return `Project ${after.name}: ${parts.join("; ") || "saved"}.`;
}

/** A git source's settings that changed (not what its fetches found); never its credentials, only their kind. */
function describeGitChange(before: NonNullable<ProjectView["git"]>, after: NonNullable<ProjectView["git"]>): string[] {
  const parts: string[] = [];
  if (before.repository !== after.repository) parts.push(`repository ${before.repository} → ${after.repository}`);
  if (before.ref !== after.ref) parts.push(`ref ${before.refName} → ${after.refName}`);
  if (before.authMethod !== after.authMethod) parts.push(`credentials ${before.authMethod} → ${after.authMethod}`);
  if (before.intervalSeconds !== after.intervalSeconds)
    parts.push(`fetched every ${before.intervalSeconds} s → ${after.intervalSeconds} s`);
  return parts;
}
