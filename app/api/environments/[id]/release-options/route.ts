import type { ReleaseOptionsView } from "@/lib/api/responses";
import { idParams } from "@/lib/api/schemas";
import { listReleaseOptions } from "@/lib/releases/release-options";
import { route } from "@/lib/server/route";
import { getRegistryContext } from "@/lib/server/services";

export const dynamic = "force-dynamic";

// Reads the target (its history, classified against each release): operators, as the preflight.
export const GET = route({ role: "operator", params: idParams }, async ({ params }): Promise<ReleaseOptionsView> =>
  listReleaseOptions(getRegistryContext(), params.id),
);
