// A protected environment's request waits for a second person: an event on the feed, with the action, so that
// notifications carry the link to /actions/{id}.
import type { PrismaClient } from "../generated/prisma/client";
import { recordEvent, type RecordedEvent } from "./record-reading";

export async function recordApprovalRequest(prisma: PrismaClient, actionId: string): Promise<RecordedEvent | null> {
  const action = await prisma.action.findUnique({
    where: { id: actionId },
    include: { environment: { include: { project: true } } },
  });
  if (!action) return null;
  const env = action.environment;
  const what =
    action.kind === "deploy"
      ? "a deploy"
      : `marking ${action.migrationName} ${action.kind === "resolve_applied" ? "applied" : "rolled back"}`;
  return recordEvent(
    prisma,
    {
      id: env.id,
      name: env.name,
      projectId: env.projectId,
      projectName: env.project.name,
      isProtected: env.isProtected,
    },
    "approval_requested",
    `${action.requestedByLabel} asks for ${what} on ${env.project.name}/${env.name}: it waits for a second operator's approval.`,
    {
      actionId: action.id,
      requestedBy: action.requestedByLabel,
      migrations: action.migrationName ? [action.migrationName] : [],
    },
  );
}
