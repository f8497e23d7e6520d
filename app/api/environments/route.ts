import { createEnvironment, listEnvironments } from "@/lib/environments/registry";
import type { EnvironmentsResponse, EnvironmentView } from "@/lib/api/responses";
import { createEnvironmentBody } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";
import { getRegistryContext, getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer" }, async (): Promise<EnvironmentsResponse> => ({ environments: await listEnvironments(getRegistryContext()) }));

export const POST = route({ role: "admin", body: createEnvironmentBody, status: 201 }, async ({ body }): Promise<EnvironmentView> => {
  const environment = await createEnvironment(getRegistryContext(), body);
  getStatusService().invalidate();
  return environment;
});
