import { recordAudit } from "@/lib/audit/record-audit";
import { readMonitorSettings, setMonitorInterval } from "@/lib/monitor/monitor-settings";
import { route } from "@/lib/server/route";
import type { MonitorSettingsView } from "@/lib/api/responses";
import { idParams, monitorIntervalBody } from "@/lib/api/schemas";
import { getRegistryContext } from "@/lib/server/services";
import { getServerEnv } from "@/lib/server/env";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: idParams }, async ({ params }): Promise<MonitorSettingsView> =>
  readMonitorSettings(getRegistryContext().prisma, params.id, getServerEnv().RUNWAY_MONITOR_INTERVAL_S),
);

export const PUT = route(
  { role: "admin", params: idParams, body: monitorIntervalBody },
  async ({ params, body, actor, origin }): Promise<MonitorSettingsView> => {
    const { prisma } = getRegistryContext();
    const { before, after, environment } = await setMonitorInterval(
      prisma,
      params.id,
      body.intervalSeconds,
      getServerEnv().RUNWAY_MONITOR_INTERVAL_S,
    );
    await recordAudit(prisma, {
      event: "monitor_interval_set",
      actor,
      environment,
      outcome: "accepted",
      arguments: { before: { intervalSeconds: before }, after: { intervalSeconds: after } },
      origin,
    });
    return readMonitorSettings(prisma, params.id, getServerEnv().RUNWAY_MONITOR_INTERVAL_S);
  },
);
