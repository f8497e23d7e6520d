// Recorded events, newest first: when, where, what changed, and who for deploys and requests.
import type { EventView } from "@/lib/monitor/views";
import { paths } from "@/lib/client/paths";
import { RelativeTime } from "./relative-time";
import { linkClass } from "./ui";

const TONE: Record<string, string> = {
  failed: "text-red-800 dark:text-red-300",
  blocked: "text-red-800 dark:text-red-300",
  unreachable: "text-orange-900 dark:text-orange-200",
  drifted: "text-amber-900 dark:text-amber-200",
  recovered: "text-emerald-800 dark:text-emerald-300",
  deployed: "text-emerald-800 dark:text-emerald-300",
};

export function EventList({ events, showEnvironment = false }: { events: EventView[]; showEnvironment?: boolean }) {
  return (
    <ol className="divide-y divide-border text-sm" data-testid="event-list">
      {events.map((e) => (
        <li key={e.id} className="flex flex-wrap gap-x-3 gap-y-1 py-2" data-testid="event" data-kind={e.kind}>
          <RelativeTime iso={e.at} className="w-28 shrink-0 text-muted" />
          <span className={`w-36 shrink-0 font-medium ${TONE[e.kind] ?? ""}`}>{e.kind.replaceAll("_", " ")}</span>
          {showEnvironment ? (
            <a href={paths.environment(e.environmentId)} className={`${linkClass} shrink-0`}>
              {e.projectName}/{e.environmentName}
            </a>
          ) : null}
          <span className="w-full min-w-0 break-words sm:w-auto sm:flex-1">
            {e.message}
            {e.actionId ? (
              <>
                {" "}
                <a href={paths.action(e.actionId)} className={linkClass}>
                  {e.kind === "approval_requested" ? "Review the request" : "The action"}
                </a>
              </>
            ) : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
