"use client";
// The activity feed: every state change the monitor recorded (and approval requests), newest first, filtered by
// project, environment and kind. For every role: it holds facts about environments, not the audit log's detail.
import { useState } from "react";
import { useFilterEnvironments } from "@/lib/client/hooks";
import { useEvents } from "@/lib/client/oncall-hooks";
import { EVENT_KINDS } from "@/lib/monitor/event-kinds";
import { describeError } from "@/lib/client/fetch-json";
import { EventList } from "../event-list";
import { LoadingBlock } from "../loading-block";
import { PageHeading } from "../page-heading";
import { buttonClass, compactSelectClass } from "../ui";

type Filters = { projectId?: string; environmentId?: string; kind?: string; before?: string };

export function ActivityScreen({ initial }: { initial: Filters }) {
  const [filters, setFilters] = useState<Filters>(initial);
  const environments = useFilterEnvironments();
  const events = useEvents(filters);
  const projects = [...new Map((environments.data ?? []).map((e) => [e.projectId, e.projectName])).entries()];
  const set = (key: keyof Filters) => (event: React.ChangeEvent<HTMLSelectElement>) => {
    const next = { ...filters, [key]: event.target.value || undefined, before: undefined };
    setFilters(next);
    const query = new URLSearchParams(Object.entries(next).filter((e): e is [string, string] => Boolean(e[1])));
    window.history.replaceState(null, "", `?${query}`);
  };
  return (
    <div className="space-y-6">
      <PageHeading title="Activity">
        <p className="text-sm text-muted">
          What changed in every environment, as the monitor saw it: failures, blocks, deploys, recoveries.
        </p>
      </PageHeading>
      <form
        className="flex flex-wrap gap-3 text-sm"
        aria-label="Filter the activity"
        onSubmit={(e) => e.preventDefault()}
      >
        <label className="flex w-full items-center gap-2 sm:w-auto">
          Project
          <select
            className={`${compactSelectClass} min-w-0 flex-1 sm:flex-none`}
            value={filters.projectId ?? ""}
            onChange={set("projectId")}
            data-testid="filter-project"
          >
            <option value="">All</option>
            {projects.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex w-full items-center gap-2 sm:w-auto">
          Environment
          <select
            className={`${compactSelectClass} min-w-0 flex-1 sm:flex-none`}
            value={filters.environmentId ?? ""}
            onChange={set("environmentId")}
            data-testid="filter-environment"
          >
            <option value="">All</option>
            {(environments.data ?? [])
              .filter((e) => !filters.projectId || e.projectId === filters.projectId)
              .map((e) => (
                <option key={e.id} value={e.id}>
                  {e.projectName}/{e.name}
                  {e.removed ? " (removed)" : ""}
                </option>
              ))}
          </select>
        </label>
        <label className="flex w-full items-center gap-2 sm:w-auto">
          Kind
          <select
            className={`${compactSelectClass} min-w-0 flex-1 sm:flex-none`}
            value={filters.kind ?? ""}
            onChange={set("kind")}
            data-testid="filter-kind"
          >
            <option value="">All</option>
            {EVENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {k.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </label>
      </form>
      {events.isPending ? (
        <LoadingBlock label="Reading the activity…" />
      ) : events.isError && !events.data ? (
        <p role="alert" className="text-sm text-red-700">
          {describeError(events.error)}
        </p>
      ) : events.data!.events.length === 0 ? (
        <p className="text-sm text-muted" data-testid="no-events">
          Nothing recorded yet{filters.kind || filters.environmentId || filters.projectId ? " for these filters" : ""}.
        </p>
      ) : (
        <>
          <EventList events={events.data!.events} showEnvironment />
          {events.data!.nextBefore ? (
            <button
              type="button"
              className={buttonClass("secondary", "sm")}
              onClick={() => setFilters({ ...filters, before: events.data!.nextBefore! })}
            >
              Older
            </button>
          ) : null}
        </>
      )}
    </div>
  );
}
