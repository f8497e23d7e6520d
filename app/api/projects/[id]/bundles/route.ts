import { BUNDLE_LIMITS } from "@/lib/environments/bundles";
import { uploadBundle } from "@/lib/environments/registry";
import { route } from "@/lib/server/route";
import { idParams, uploadBundleBody } from "@/lib/server/schemas";
import { getRegistryContext, getStatusService } from "@/lib/server/services";

export const POST = route(
  { role: "admin", params: idParams, body: uploadBundleBody, maxBodyBytes: BUNDLE_LIMITS.totalBytes * 2 },
  async ({ params, body, actor }) => {
    const bundle = await uploadBundle(getRegistryContext(), params.id, body.files, actor.userId);
    getStatusService().invalidate();
    return Response.json(bundle, { status: 201 });
  },
);
