import { recordAudit } from "@/lib/audit/record-audit";
import { createEnvironment, listEnvironments } from "@/lib/environments/registry";
import type { EnvironmentsResponse, EnvironmentView } from "@/lib/api/responses";
import { createEnvironmentBody, environmentsQuery } from "@/lib/api/schemas";
import { listRemovedEnvironments } from "@/lib/environments/list-removed-environments";
import { route } from "@/lib/server/route";
import { getRegistryContext, getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route(
  { role: "viewer", query: environmentsQuery },
  async ({ query }): Promise<EnvironmentsResponse> => ({
    environments: await listEnvironments(getRegistryContext()),
    ...(query.removed === "include" ? { removed: await listRemovedEnvironments(getRegistryContext()) } : {}),
  }),
);

export const POST = route(
  { role: "admin", body: createEnvironmentBody, status: 201 },
  async ({ body, actor, origin }): Promise<EnvironmentView> => {
    const environment = await createEnvironment(getRegistryContext(), body);
    // The URL is kept as its password-free display form only.
    await recordAudit(getRegistryContext().prisma, {
      event: "environment_created",
      actor,
      environment: { id: environment.id, name: environment.name },
      outcome: "accepted",
      arguments: { before: null, after: environment },
      origin,
    });
    getStatusService().invalidate();
    return environment;
  },
);
