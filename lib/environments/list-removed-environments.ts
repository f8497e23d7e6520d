// Removed environments: archived rows (lib/environments/remove-environments.ts), or the environments of a removed
// project. Nothing about their databases is read or returned: only what names them in the audit log and activity.
import type { RegistryContext } from "./registry";
import type { RemovedEnvironmentView } from "./views";

export async function listRemovedEnvironments(ctx: RegistryContext): Promise<RemovedEnvironmentView[]> {
  const rows = await ctx.prisma.environment.findMany({
    where: { OR: [{ archivedAt: { not: null } }, { project: { archivedAt: { not: null } } }] },
    select: {
      id: true,
      projectId: true,
      name: true,
      archivedAt: true,
      project: { select: { name: true, archivedAt: true } },
    },
  });
  return rows
    .map((row) => ({
      id: row.id,
      projectId: row.projectId,
      projectName: row.project.name,
      name: row.name,
      removedAt: (row.archivedAt ?? row.project.archivedAt)!.toISOString(),
    }))
    .sort((a, b) => b.removedAt.localeCompare(a.removedAt) || a.name.localeCompare(b.name));
}
