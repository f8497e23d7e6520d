import { getPrisma } from "@/lib/server/db";
import type { SettingsResponse } from "@/lib/api/responses";
import { route } from "@/lib/server/route";
import { updateSettingsBody } from "@/lib/api/schemas";
import { readSettings, updateSettings } from "@/lib/server/settings";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async (): Promise<SettingsResponse> => ({
  settings: await readSettings(getPrisma()),
}));

export const PATCH = route(
  { role: "admin", body: updateSettingsBody },
  async ({ body, actor, origin }): Promise<SettingsResponse> => ({
    settings: await updateSettings(getPrisma(), body, { actor, origin }),
  }),
);
