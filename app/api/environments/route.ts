import { createEnvironment, listEnvironments } from "@/lib/environments/registry";
import { route } from "@/lib/server/route";
import { createEnvironmentBody } from "@/lib/server/schemas";
import { getRegistryContext, getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer" }, async () => ({ environments: await listEnvironments(getRegistryContext()) }));

export const POST = route({ role: "admin", body: createEnvironmentBody }, async ({ body }) => {
  const environment = await createEnvironment(getRegistryContext(), body);
  getStatusService().invalidate();
  return Response.json(environment, { status: 201 });
});
