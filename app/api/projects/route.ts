import { recordAudit } from "@/lib/audit/record-audit";
import { BUNDLE_LIMITS } from "@/lib/environments/bundles";
import { listProjects } from "@/lib/environments/registry";
import { createGitProject } from "@/lib/git-source/git-settings";
import { createProjectWithRelease } from "@/lib/releases/upload-release";
import type { ProjectCreatedView, ProjectsResponse } from "@/lib/api/responses";
import { createProjectBody } from "@/lib/api/schemas";
import { getGitSourceContext } from "@/lib/server/git-services";
import { publicUrl } from "@/lib/server/oncall-runtime";
import { route } from "@/lib/server/route";
import { getRegistryContext } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer" }, async (): Promise<ProjectsResponse> => ({
  projects: await listProjects(getRegistryContext()),
}));

export const POST = route(
  // JSON escaping can double the size of SQL text; the bundle limit itself is checked on the decoded files.
  { role: "admin", body: createProjectBody, maxBodyBytes: BUNDLE_LIMITS.totalBytes * 2, status: 201 },
  async ({ body, actor, origin }): Promise<ProjectCreatedView> => {
    const ctx = getRegistryContext();
    let created: ProjectCreatedView;
    if (body.source.kind === "git") {
      // Access is tested (refs listed, the migrations folder read at the ref's tip) before anything is saved.
      const { project, webhookSecret } = await createGitProject(getGitSourceContext(), {
        ...body,
        source: body.source,
      });
      created = {
        ...project,
        gitWebhook: { webhookUrl: `${publicUrl()}${project.git!.webhookPath}`, secret: webhookSecret },
      };
    } else created = await createProjectWithRelease(ctx, body, actor);
    // Uploaded SQL is not copied into the audit log: its checksum identifies it. Git credentials and the webhook
    // secret are not in the project's view.
    const { gitWebhook: _secret, ...project } = created;
    await recordAudit(ctx.prisma, {
      event: "project_created",
      actor,
      outcome: "accepted",
      arguments: { before: null, after: project },
      origin,
    });
    return created;
  },
);
