import type { EventPageView } from "@/lib/api/responses";
import { eventQuery } from "@/lib/api/schemas";
import { queryEvents } from "@/lib/monitor/query-events";
import { getPrisma } from "@/lib/server/db";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** The activity feed: what the monitor saw change, newest first. Viewers may read it (no audit detail in it). */
export const GET = route({ role: "viewer", query: eventQuery }, async ({ query }): Promise<EventPageView> =>
  queryEvents(getPrisma(), query),
);
