import type { ChannelDeletedResponse, ChannelView } from "@/lib/api/responses";
import { channelUpdate } from "@/lib/api/schemas";
import { deleteChannel, updateChannel } from "@/lib/notifications/channels";
import { getChannelsContext } from "@/lib/server/oncall-services";
import { route } from "@/lib/server/route";
import { idParams } from "@/lib/api/schemas";

export const dynamic = "force-dynamic";

export const PATCH = route(
  { role: "admin", params: idParams, body: channelUpdate },
  async ({ params, body, actor, origin }): Promise<ChannelView> =>
    updateChannel(getChannelsContext(), params.id, body, actor, origin),
);

export const DELETE = route(
  { role: "admin", params: idParams },
  async ({ params, actor, origin }): Promise<ChannelDeletedResponse> => {
    await deleteChannel(getChannelsContext(), params.id, actor, origin);
    return { deleted: true };
  },
);
