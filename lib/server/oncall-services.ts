// The notification channels' context for routes (SMTP configured or not comes from the server's settings).
import type { ChannelsContext } from "../notifications/channels";
import { getServerEnv } from "./env";
import { getRegistryContext } from "./services";

export function getChannelsContext(): ChannelsContext {
  return { ...getRegistryContext(), smtpConfigured: Boolean(getServerEnv().RUNWAY_SMTP_URL) };
}
