import { readFreshState } from "@/lib/actions/context";
import type { ShipFixView } from "@/lib/api/responses";
import { idParams, shipFixQuery } from "@/lib/api/schemas";
import { readGitSourceView } from "@/lib/git-source/git-settings";
import { planShipFix } from "@/lib/releases/ship-fix";
import { publicUrl } from "@/lib/server/oncall-runtime";
import { route } from "@/lib/server/route";
import { getRegistryContext } from "@/lib/server/services";

export const dynamic = "force-dynamic";

/** How to ship a fixed version of the migrations that would fail again; `?download=patch`: the patch file. */
export const GET = route({ role: "viewer", params: idParams, query: shipFixQuery }, async ({ params, query }) => {
  const ctx = getRegistryContext();
  const { target, status } = await readFreshState(ctx, params.id);
  const git = target.project.sourceKind === "git" ? await readGitSourceView(ctx.prisma, target.project.id) : null;
  const view: ShipFixView = await planShipFix(params.id, target.project, status.migrations, publicUrl(), git);
  if (query.download === "patch")
    return new Response(view.patch, {
      headers: {
        "Content-Type": "text/x-diff; charset=utf-8",
        "Content-Disposition": `attachment; filename="${target.environment.name.replace(/[^\w.-]/g, "_")}.rerunnable.patch"`,
        "Cache-Control": "no-store",
      },
    });
  return view;
});
