"use client";
// The environment's schema: drift (its applied migrations replayed in a shadow database vs its live schema), a check
// on demand with its progress, and a compare with another environment of the same project.
import { useState } from "react";
import type { EnvironmentView } from "@/lib/environments/views";
import type { SchemaChange } from "@/lib/schema/views";
import { describeError } from "@/lib/client/fetch-json";
import { formatDuration } from "@/lib/client/format";
import { useDrift, useEnvironments, useSchemaCompare, useStartDriftCheck } from "@/lib/client/hooks";
import { Banner } from "./banner";
import { ExactTime } from "./exact-time";
import { SchemaChanges } from "./schema-changes";
import { SqlView } from "./sql-view";
import { buttonClass, cardClass, compactSelectClass } from "./ui";

const DRIFT_WORDS: Record<SchemaChange["kind"], string> = {
  added: "in the database, but no migration creates it",
  removed: "created by the migrations, missing from the database",
  changed: "differs from what the migrations create",
  renamed: "renamed by hand",
  other: "differs",
};

function driftPhase(progress: { phase: string; done: number; total: number } | null): string {
  if (!progress) return "Starting…";
  if (progress.phase === "replaying")
    return `Replaying migrations in a shadow database: ${progress.done} of ${progress.total}`;
  if (progress.phase === "reading") return "Reading the live schema…";
  if (progress.phase === "comparing") return "Comparing…";
  return "Starting…";
}

export function SchemaSection({ environment, canCheck }: { environment: EnvironmentView; canCheck: boolean }) {
  return (
    <section className={`${cardClass} space-y-4 p-4`} aria-labelledby="schema-heading" data-testid="schema-section">
      <h2 id="schema-heading" className="text-base font-semibold">
        Schema
      </h2>
      <DriftPanel environmentId={environment.id} canCheck={canCheck} />
      <ComparePanel environment={environment} />
    </section>
  );
}

function DriftPanel({ environmentId, canCheck }: { environmentId: string; canCheck: boolean }) {
  const drift = useDrift(environmentId);
  const start = useStartDriftCheck(environmentId);
  const view = drift.data;
  const running = view?.status === "running" || start.isPending;
  return (
    <div
      className="space-y-3"
      data-testid="drift-panel"
      data-drift-status={view?.status ?? "loading"}
      data-drifted={String(view?.drifted ?? "")}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">Drift: the live schema against its applied migrations</h3>
        {canCheck ? (
          <button
            type="button"
            className={buttonClass("secondary", "sm")}
            disabled={running}
            onClick={() => start.mutate()}
          >
            {running ? "Checking…" : "Check drift now"}
          </button>
        ) : null}
      </div>
      {start.isError ? (
        <Banner tone="danger" title="The check could not start">
          {describeError(start.error)}
        </Banner>
      ) : null}
      {!view ? (
        <p className="text-sm text-muted">Reading the last check…</p>
      ) : view.status === "running" ? (
        <div role="status" className="space-y-1 text-sm" data-testid="drift-progress">
          <p>{driftPhase(view.progress)}</p>
          {view.progress && view.progress.total > 0 ? (
            <progress
              className="w-full"
              max={view.progress.total}
              value={view.progress.done}
              aria-label="Replayed migrations"
            />
          ) : null}
        </div>
      ) : view.status === "never" ? (
        <p className="text-sm text-muted">
          Not checked yet: a check runs after every action and on a schedule{canCheck ? ", or now" : ""}.
        </p>
      ) : view.status === "failed" ? (
        <Banner tone="warning" title="The last drift check failed">
          <p className="whitespace-pre-wrap">{view.error}</p>
        </Banner>
      ) : (
        <div className="space-y-3">
          <p className="text-sm text-muted">
            {view.current ? "Checked" : "Checked before the last change (a new check is due)"}
            {view.finishedAt ? (
              <>
                {" "}
                <ExactTime iso={view.finishedAt} />
              </>
            ) : null}
            {view.durationMs !== null ? ` in ${formatDuration(view.durationMs)}` : ""}.
          </p>
          {view.drifted ? (
            <Banner
              tone="warning"
              title="Drifted: the live schema differs from what its applied migrations create"
              testId="drift-banner"
            >
              {view.replayFailures.map((failure) => (
                <p className="mb-2" key={failure.migrationName} data-testid="drift-replay-failure">
                  The applied history does not replay on an empty database: <code>{failure.migrationName}</code> fails
                  there (
                  {failure.message
                    .split("\n")
                    .find((l) => /ERROR/.test(l))
                    ?.replace(/^.*ERROR: /, "") ?? failure.message.split("\n")[0]}
                  ). It relies on objects made by hand; the replay compared below leaves it out.
                </p>
              ))}
              <SchemaChanges changes={view.changes} describe={(c) => DRIFT_WORDS[c.kind]} testId="drift-changes" />
            </Banner>
          ) : (
            <Banner
              tone="success"
              title="No drift: the live schema is what its applied migrations create"
              testId="drift-none"
            />
          )}
          {view.sql ? <SqlView sql={view.sql} label="SQL from the applied migrations to the live schema" /> : null}
        </div>
      )}
    </div>
  );
}

function ComparePanel({ environment }: { environment: EnvironmentView }) {
  const environments = useEnvironments();
  const [withId, setWithId] = useState<string | null>(null);
  const compare = useSchemaCompare(environment.id, withId);
  const others = (environments.data ?? []).filter(
    (e) => e.projectId === environment.projectId && e.id !== environment.id,
  );
  const otherName = others.find((e) => e.id === withId)?.name ?? "";
  return (
    <div className="space-y-3" data-testid="compare-panel">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold">Compare with</h3>
        <select
          className={compactSelectClass}
          aria-label="Environment to compare with"
          value={withId ?? ""}
          onChange={(e) => setWithId(e.target.value || null)}
        >
          <option value="">Choose an environment…</option>
          {others.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
      </div>
      {withId === null ? null : compare.isFetching && !compare.data ? (
        <p role="status" className="text-sm text-muted">
          Reading both schemas…
        </p>
      ) : compare.isError ? (
        <Banner tone="danger" title="The schemas could not be compared">
          {describeError(compare.error)}
        </Banner>
      ) : compare.data ? (
        compare.data.identical ? (
          <Banner
            tone="success"
            title={`${environment.name} and ${otherName} have the same schema`}
            testId="compare-identical"
          />
        ) : (
          <div className="space-y-3">
            <SchemaChanges
              testId="compare-changes"
              changes={compare.data.changes}
              describe={(c) =>
                c.kind === "removed"
                  ? `only in ${environment.name}`
                  : c.kind === "added"
                    ? `only in ${otherName}`
                    : `differs between ${environment.name} and ${otherName}`
              }
            />
            <SqlView sql={compare.data.sql} label={`SQL from ${environment.name}'s schema to ${otherName}'s`} />
          </div>
        )
      ) : null}
    </div>
  );
}
