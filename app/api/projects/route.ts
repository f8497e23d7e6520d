import { BUNDLE_LIMITS } from "@/lib/environments/bundles";
import { createProject, listProjects } from "@/lib/environments/registry";
import type { ProjectsResponse, ProjectView } from "@/lib/api/responses";
import { createProjectBody } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";
import { getRegistryContext } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer" }, async (): Promise<ProjectsResponse> => ({ projects: await listProjects(getRegistryContext()) }));

export const POST = route(
  // JSON escaping can double the size of SQL text; the bundle limit itself is checked on the decoded files.
  { role: "admin", body: createProjectBody, maxBodyBytes: BUNDLE_LIMITS.totalBytes * 2, status: 201 },
  async ({ body, actor }): Promise<ProjectView> => createProject(getRegistryContext(), body, actor.userId),
);
