import { withdrawAcknowledgement } from "@/lib/environments/acknowledge-edits";
import type { AcknowledgementView } from "@/lib/api/responses";
import { acknowledgementParams } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";
import { getRegistryContext, getStatusService } from "@/lib/server/services";

export const dynamic = "force-dynamic";

export const DELETE = route(
  { role: "operator", params: acknowledgementParams },
  async ({ params, actor, origin }): Promise<AcknowledgementView> => {
    const withdrawn = await withdrawAcknowledgement(
      getRegistryContext(),
      params.id,
      params.acknowledgementId,
      actor,
      origin,
    );
    getStatusService().invalidate(params.id);
    return withdrawn;
  },
);
