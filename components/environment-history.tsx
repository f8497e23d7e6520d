"use client";
// An environment's deploy facts for stakeholders and its latest recorded events (the feed, filtered to it). The
// full history of deploys is the DeployHistory section further down.
import type { EnvironmentStatusView } from "@/lib/environments/views";
import { ENVIRONMENT_EVENTS_LIMIT, useDeployFacts, useEvents } from "@/lib/client/oncall-hooks";
import { paths } from "@/lib/client/paths";
import { DeployFacts } from "./deploy-facts";
import { EventList } from "./event-list";
import { cardClass, linkClass } from "./ui";

export function EnvironmentHistory({ status }: { status: EnvironmentStatusView }) {
  const env = status.environment;
  const deploys = useDeployFacts();
  const events = useEvents({ environmentId: env.id, limit: ENVIRONMENT_EVENTS_LIMIT });
  return (
    <section aria-labelledby="activity-heading" className={`${cardClass} space-y-3 p-4`}>
      <h2 id="activity-heading" className="text-base font-semibold">
        Last deploy and activity
      </h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
        <DeployFacts lastDeploy={deploys.data?.[env.id]} latestApplied={status.latestApplied} detailed />
      </dl>
      {events.data && events.data.events.length > 0 ? <EventList events={events.data.events} /> : null}
      <p className="text-sm">
        <a href={`${paths.activity()}?environmentId=${encodeURIComponent(env.id)}`} className={linkClass}>
          All activity of {env.name}
        </a>
      </p>
    </section>
  );
}
