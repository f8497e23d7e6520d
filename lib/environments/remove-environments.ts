// Removing environments and projects. A removal archives the row (archivedAt) rather than deleting it: the row is
// hidden everywhere and its name is free again, while its actions (and their pages), its audit events and its
// activity-feed events keep reading by name, because deleting it would cascade to its actions and their logs.
// Refused while an action is in flight; the name must be typed; the change and its audit events commit together.
import { recordAudit } from "../audit/record-audit";
import type { Prisma } from "../generated/prisma/client";
import { AUDITED_TRANSACTION, lockIdleEnvironments, type ChangedBy } from "./admin-changes";
import { environmentAuditShape } from "./edit-environment";
import { projectAuditShape } from "./edit-project";
import { RegistryError } from "./errors";
import type { GitSourceContext } from "../git-source/context";
import { dropGitSource, forgetGitCache } from "../git-source/git-settings";
import {
  environmentNotFound,
  findProjectView,
  schemaOf,
  projectNotFound,
  toEnvironmentView,
  type RegistryContext,
} from "./registry";

function refuseUnconfirmed(kind: "project" | "environment", name: string, confirmation: string): void {
  if (confirmation !== name)
    throw new RegistryError(
      "invalid",
      "confirmation_required",
      `Removing the ${kind} ${name} cannot be undone from the UI: type its name (${name}) to confirm.`,
    );
}

/** Drops what only served the live environments: monitor state, drift checks and their notification subscriptions. */
async function detach(tx: Prisma.TransactionClient, environmentIds: string[], projectId: string | null) {
  await tx.monitorState.deleteMany({ where: { environmentId: { in: environmentIds } } });
  await tx.schemaDriftCheck.deleteMany({ where: { environmentId: { in: environmentIds } } });
  const subscriptions = await tx.notificationSubscription.deleteMany({
    where: {
      OR: [{ environmentId: { in: environmentIds } }, ...(projectId ? [{ projectId }] : [])],
    },
  });
  return subscriptions.count;
}

export async function removeEnvironment(
  ctx: RegistryContext,
  id: string,
  confirmation: string,
  by: ChangedBy,
): Promise<{ removed: true; id: string; name: string }> {
  const found = await ctx.prisma.environment.findFirst({ where: { id, archivedAt: null }, select: { name: true } });
  if (!found) throw environmentNotFound();
  refuseUnconfirmed("environment", found.name, confirmation);
  return ctx.prisma.$transaction(async (tx) => {
    await lockIdleEnvironments(tx, [id], `remove ${found.name}`);
    const row = await tx.environment.findFirst({
      where: { id, archivedAt: null },
      include: { project: { select: { name: true } } },
    });
    if (!row) throw environmentNotFound();
    // Renamed between the confirmation and the lock: the name typed is not this environment's any more.
    refuseUnconfirmed("environment", row.name, confirmation);
    await tx.environment.update({ where: { id }, data: { archivedAt: new Date() } });
    const subscriptionsRemoved = await detach(tx, [id], null);
    await recordAudit(tx, {
      event: "environment_removed",
      actor: by.actor,
      environment: { id, name: row.name },
      outcome: "accepted",
      message: `${row.project.name}/${row.name} removed; its history stays readable.`,
      arguments: {
        before: environmentAuditShape(toEnvironmentView(row, schemaOf(ctx, row))),
        after: null,
        subscriptionsRemoved,
      },
      origin: by.origin,
    });
    return { removed: true as const, id, name: row.name };
  }, AUDITED_TRANSACTION);
}

/** Removes a project and every environment it has, under the same rules (each one idle, nothing half-removed). */
export async function removeProject(
  ctx: GitSourceContext,
  id: string,
  confirmation: string,
  by: ChangedBy,
): Promise<{ removed: true; id: string; name: string; environments: string[] }> {
  const project = await findProjectView(ctx.prisma, id);
  refuseUnconfirmed("project", project.name, confirmation);
  const removed = await ctx.prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM "Project" WHERE id = ${id} AND "archivedAt" IS NULL FOR UPDATE`;
    if (locked.length === 0) throw projectNotFound();
    const current = await findProjectView(tx, id);
    refuseUnconfirmed("project", current.name, confirmation);
    const rows = await tx.environment.findMany({
      where: { projectId: id, archivedAt: null },
      include: { project: { select: { name: true } } },
      orderBy: { position: "asc" },
    });
    await lockIdleEnvironments(
      tx,
      rows.map((row) => row.id),
      `remove the project ${current.name}`,
    );
    const at = new Date();
    await tx.environment.updateMany({ where: { projectId: id, archivedAt: null }, data: { archivedAt: at } });
    await tx.project.update({ where: { id }, data: { archivedAt: at } });
    // A git source stops being fetched (schedule, webhook): its settings go; the audit keeps what they were.
    await dropGitSource(tx, id);
    const subscriptionsRemoved = await detach(
      tx,
      rows.map((row) => row.id),
      id,
    );
    // Each environment's removal is its own event, so filtering the audit log by environment finds it.
    for (const row of rows)
      await recordAudit(tx, {
        event: "environment_removed",
        actor: by.actor,
        environment: { id: row.id, name: row.name },
        outcome: "accepted",
        message: `${current.name}/${row.name} removed with its project; its history stays readable.`,
        arguments: {
          before: environmentAuditShape(toEnvironmentView(row, schemaOf(ctx, row))),
          after: null,
          withProject: true,
        },
        origin: by.origin,
      });
    await recordAudit(tx, {
      event: "project_removed",
      actor: by.actor,
      outcome: "accepted",
      message: `Project ${current.name} removed with ${rows.length} environment(s); their history stays readable.`,
      arguments: {
        projectId: id,
        before: projectAuditShape(current),
        after: null,
        environments: rows.map((row) => row.name),
        subscriptionsRemoved,
      },
      origin: by.origin,
    });
    return { removed: true as const, id, name: current.name, environments: rows.map((row) => row.name) };
  }, AUDITED_TRANSACTION);
  if (project.sourceKind === "git") forgetGitCache(ctx, id);
  return removed;
}
