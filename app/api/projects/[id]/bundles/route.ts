import { BUNDLE_LIMITS } from "@/lib/environments/bundles";
import { uploadBundle } from "@/lib/environments/registry";
import type { BundleCreatedView } from "@/lib/api/responses";
import { idParams, uploadBundleBody } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";
import { getRegistryContext, getStatusService } from "@/lib/server/services";

export const POST = route(
  { role: "admin", params: idParams, body: uploadBundleBody, maxBodyBytes: BUNDLE_LIMITS.totalBytes * 2, status: 201 },
  async ({ params, body, actor }): Promise<BundleCreatedView> => {
    const bundle = await uploadBundle(getRegistryContext(), params.id, body.files, actor.userId);
    getStatusService().invalidate();
    return bundle;
  },
);
