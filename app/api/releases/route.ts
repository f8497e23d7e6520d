import { recordAudit } from "@/lib/audit/record-audit";
import { BUNDLE_LIMITS } from "@/lib/environments/bundles";
import type { ReleasePushedView } from "@/lib/api/responses";
import { pushReleaseBody } from "@/lib/api/schemas";
import { pushRelease } from "@/lib/releases/push-release";
import { route } from "@/lib/server/route";
import { getRegistryContext, getStatusService } from "@/lib/server/services";

// Push a release from CI: operators, and release tokens for the projects they name.
export const POST = route(
  { role: "operator", body: pushReleaseBody, maxBodyBytes: BUNDLE_LIMITS.totalBytes * 2, releaseTokens: true },
  async ({ body, actor, origin }): Promise<Response> => {
    const ctx = getRegistryContext();
    const pushed = await pushRelease(ctx, body, actor);
    const { release } = pushed;
    await recordAudit(ctx.prisma, {
      event: "release_pushed",
      actor,
      outcome: "accepted",
      arguments: {
        projectId: release.projectId,
        created: pushed.created,
        release: {
          number: release.number,
          checksum: release.checksum,
          commit: release.commit,
          added: release.added,
          changed: release.changed,
        },
      },
      origin,
    });
    if (pushed.created) getStatusService().invalidate();
    return Response.json(pushed satisfies ReleasePushedView, {
      status: pushed.created ? 201 : 200,
      headers: { "Cache-Control": "no-store" },
    });
  },
);
