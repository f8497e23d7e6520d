import type { ReleasesResponse } from "@/lib/api/responses";
import { idParams } from "@/lib/api/schemas";
import { listReleases } from "@/lib/releases/list-releases";
import { getPrisma } from "@/lib/server/db";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: idParams }, async ({ params }): Promise<ReleasesResponse> => ({
  releases: await listReleases(getPrisma(), params.id),
}));
