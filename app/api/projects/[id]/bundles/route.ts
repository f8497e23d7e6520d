import { recordAudit } from "@/lib/audit/record-audit";
import { BUNDLE_LIMITS } from "@/lib/environments/bundles";
import type { BundleCreatedView } from "@/lib/api/responses";
import { idParams, uploadBundleBody } from "@/lib/api/schemas";
import { uploadRelease } from "@/lib/releases/upload-release";
import { route } from "@/lib/server/route";
import { getRegistryContext, getStatusService } from "@/lib/server/services";

export const POST = route(
  { role: "admin", params: idParams, body: uploadBundleBody, maxBodyBytes: BUNDLE_LIMITS.totalBytes * 2, status: 201 },
  async ({ params, body, actor, origin }): Promise<BundleCreatedView> => {
    const ctx = getRegistryContext();
    const previous = await ctx.prisma.migrationBundle.findFirst({
      where: { projectId: params.id },
      orderBy: { version: "desc" },
      select: { version: true, checksum: true, migrationCount: true },
    });
    const bundle = await uploadRelease(ctx, params.id, body.files, actor);
    await recordAudit(ctx.prisma, {
      event: "bundle_uploaded",
      actor,
      outcome: "accepted",
      arguments: { projectId: params.id, before: previous, after: bundle },
      origin,
    });
    getStatusService().invalidate();
    return bundle;
  },
);
