import type { ChannelsResponse, CreatedChannelView } from "@/lib/api/responses";
import { channelInput } from "@/lib/api/schemas";
import { createChannel, listChannels } from "@/lib/notifications/channels";
import { getChannelsContext } from "@/lib/server/oncall-services";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async (): Promise<ChannelsResponse> => ({
  channels: await listChannels(getChannelsContext()),
}));

export const POST = route(
  { role: "admin", body: channelInput, status: 201 },
  async ({ body, actor, origin }): Promise<CreatedChannelView> =>
    // The signing secret is in this response only.
    createChannel(getChannelsContext(), body, actor, origin),
);
