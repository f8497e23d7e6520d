// The order of a project's environments (dev → staging → prod: the overview's columns), set as a whole.
import { recordAudit } from "../audit/record-audit";
import { AUDITED_TRANSACTION, type ChangedBy } from "./admin-changes";
import { RegistryError } from "./errors";
import { projectNotFound, type RegistryContext } from "./registry";

export interface EnvironmentOrder {
  /** The environments' ids in their new order (positions 0, 1, 2…). */
  environmentIds: string[];
  changed: boolean;
}

/**
 * Gives the project's environments the positions 0…n-1 in the order given, which must name each of them once.
 * Atomic: the rows are locked (in id order, so concurrent reorders queue rather than deadlock) and rewritten in one
 * transaction, so two reorders at once end in one of the two orders, never in a mix of both.
 */
export async function reorderEnvironments(
  ctx: RegistryContext,
  projectId: string,
  order: string[],
  by: ChangedBy,
): Promise<EnvironmentOrder> {
  if (new Set(order).size !== order.length)
    throw new RegistryError("invalid", "invalid_order", "The order names an environment twice.");
  return ctx.prisma.$transaction(async (tx) => {
    const project = await tx.project.findFirst({ where: { id: projectId, archivedAt: null } });
    if (!project) throw projectNotFound();
    const rows = await tx.$queryRaw<Array<{ id: string; name: string; position: number }>>`
      SELECT id, name, position FROM "Environment"
       WHERE "projectId" = ${projectId} AND "archivedAt" IS NULL ORDER BY id FOR UPDATE`;
    const byId = new Map(rows.map((row) => [row.id, row]));
    if (rows.length !== order.length || order.some((id) => !byId.has(id)))
      throw new RegistryError(
        "conflict",
        "order_mismatch",
        `The order must list each of ${project.name}'s ${rows.length} environments once (environments were added or removed since you looked: reload).`,
      );
    const before = [...rows].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
    const changed = before.some((row, index) => row.id !== order[index] || row.position !== index);
    if (!changed) return { environmentIds: order, changed: false };
    for (const [position, id] of order.entries()) await tx.environment.update({ where: { id }, data: { position } });
    await recordAudit(tx, {
      event: "environments_reordered",
      actor: by.actor,
      outcome: "accepted",
      message: `${project.name}: ${order.map((id) => byId.get(id)!.name).join(" → ")}.`,
      arguments: {
        projectId,
        project: project.name,
        before: before.map((row) => row.name),
        after: order.map((id) => byId.get(id)!.name),
      },
      origin: by.origin,
    });
    return { environmentIds: order, changed: true };
  }, AUDITED_TRANSACTION);
}
