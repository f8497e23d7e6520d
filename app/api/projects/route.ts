import { recordAudit } from "@/lib/audit/record-audit";
import { BUNDLE_LIMITS } from "@/lib/environments/bundles";
import { createProject, listProjects } from "@/lib/environments/registry";
import type { ProjectsResponse, ProjectView } from "@/lib/api/responses";
import { createProjectBody } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";
import { getRegistryContext } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer" }, async (): Promise<ProjectsResponse> => ({
  projects: await listProjects(getRegistryContext()),
}));

export const POST = route(
  // JSON escaping can double the size of SQL text; the bundle limit itself is checked on the decoded files.
  { role: "admin", body: createProjectBody, maxBodyBytes: BUNDLE_LIMITS.totalBytes * 2, status: 201 },
  async ({ body, actor, origin }): Promise<ProjectView> => {
    const ctx = getRegistryContext();
    const project = await createProject(ctx, body, actor.userId);
    // Uploaded SQL is not copied into the audit log: its checksum identifies it.
    await recordAudit(ctx.prisma, {
      event: "project_created",
      actor,
      outcome: "accepted",
      arguments: { before: null, after: project },
      origin,
    });
    return project;
  },
);
