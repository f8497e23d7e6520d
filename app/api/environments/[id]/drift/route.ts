import { route } from "@/lib/server/route";
import { getDriftService, startDriftCheck } from "@/lib/server/schema-runtime";
import { idParams } from "@/lib/api/schemas";
import type { DriftView } from "@/lib/api/responses";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: idParams }, async ({ params }): Promise<DriftView> =>
  getDriftService().getDrift(params.id),
);

/** Starts a check (replaying the applied migrations in a shadow database) and answers once it runs; poll GET. */
export const POST = route({ role: "operator", params: idParams }, async ({ params }): Promise<Response> => {
  const view = await new Promise<DriftView>((resolve, reject) => {
    startDriftCheck(params.id, { force: true, onStarted: resolve }).then(resolve, reject);
  });
  return Response.json(view, { status: 202 });
});
