import type { ChannelTestResult } from "@/lib/api/responses";
import { getOncallRuntime } from "@/lib/server/oncall-runtime";
import { jsonError, route } from "@/lib/server/route";
import { idParams } from "@/lib/api/schemas";

export const dynamic = "force-dynamic";

/** Sends a test message now and answers with its outcome (also in the delivery log). */
export const POST = route(
  { role: "admin", params: idParams },
  async ({ params }): Promise<ChannelTestResult | Response> => {
    const result = await (await getOncallRuntime()).notifier.sendTest(params.id);
    return result ?? jsonError(404, "channel_not_found", "No such notification channel.");
  },
);
