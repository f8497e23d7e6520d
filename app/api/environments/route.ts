import { recordAudit } from "@/lib/audit/record-audit";
import { createEnvironment, listEnvironments } from "@/lib/environments/registry";
import { route } from "@/lib/server/route";
import { createEnvironmentBody } from "@/lib/server/schemas";
import { getRegistryContext, getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer" }, async () => ({ environments: await listEnvironments(getRegistryContext()) }));

export const POST = route({ role: "admin", body: createEnvironmentBody }, async ({ body, actor, origin }) => {
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
  return Response.json(environment, { status: 201 });
});
