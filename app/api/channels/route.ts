import { channelInput, createChannel, listChannels } from "@/lib/notifications/channels";
import { getChannelsContext } from "@/lib/server/oncall-services";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async () => ({ channels: await listChannels(getChannelsContext()) }));

export const POST = route({ role: "admin", body: channelInput }, async ({ body, actor, origin }) => {
  // The signing secret is in this response only.
  return Response.json(await createChannel(getChannelsContext(), body, actor, origin), { status: 201, headers: { "Cache-Control": "no-store" } });
});
