import { acknowledgeEdits, listAcknowledgements } from "@/lib/environments/acknowledge-edits";
import type { AcknowledgementsResponse } from "@/lib/api/responses";
import { acknowledgeEditsBody, idParams } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";
import { getRegistryContext, getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: idParams }, async ({ params }): Promise<AcknowledgementsResponse> =>
  listAcknowledgements(getRegistryContext(), params.id),
);

// Operators: acknowledging an edit writes nothing to the target or the source; it is audited and can be withdrawn.
export const POST = route(
  { role: "operator", params: idParams, body: acknowledgeEditsBody, status: 201 },
  async ({ params, body, actor, origin }): Promise<AcknowledgementsResponse> => {
    const acknowledged = await acknowledgeEdits(getRegistryContext(), params.id, body, actor, origin);
    getStatusService().invalidate(params.id);
    return acknowledged;
  },
);
