import { readFreshState } from "@/lib/actions/context";
import { findOpenAction } from "@/lib/actions/open-action";
import { computePreflightAgainstTarget } from "@/lib/actions/preflight";
import { route } from "@/lib/server/route";
import { getShadowProvider } from "@/lib/server/schema-runtime";
import { idParams, preflightQuery } from "@/lib/server/schemas";
import { getRegistryContext } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route({ role: "operator", params: idParams }, async ({ params, request }) => {
  const query = preflightQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const ctx = getRegistryContext();
  const { target, folder, status } = await readFreshState(ctx, params.id);
  return computePreflightAgainstTarget({
    url: target.url,
    connectTimeoutMs: target.environment.connectTimeoutMs,
    kind: query.kind,
    migrationName: query.kind === "deploy" ? null : (query.migration ?? null),
    environment: target.environment,
    status,
    folder,
    openAction: await findOpenAction(ctx.prisma, params.id),
    shadow: async () => (await getShadowProvider())(),
  });
});
