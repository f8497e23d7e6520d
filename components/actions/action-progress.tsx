"use client";
// One action followed live: its status, who asked and who decided, the engine's log as it arrives (scrolls
// itself unless you scrolled up to read), and how it ended.
import { useEffect, useRef } from "react";
import type { ActionLogLineView, ActionView } from "@/lib/actions/views";
import { describeActionKind } from "@/lib/client/actions";
import { formatDuration, formatTime, formatUtc, formatZone, pluralize } from "@/lib/client/format";
import { Banner } from "../banner";
import { useToday } from "../clock";
import { ExactTime } from "../exact-time";
import { FoldedList } from "../folded-list";
import { ActionStatusBadge } from "./action-status-badge";

const LEVEL_CLASSES: Record<string, string> = {
  ERROR: "text-red-700 dark:text-red-300",
  WARN: "text-amber-700 dark:text-amber-300",
  DEBUG: "text-muted",
  TRACE: "text-muted",
};

/** The engine's log: each line's local time (its date too when not today), the zone named once in the label. */
export function ActionLog({ lines, live }: { lines: ActionLogLineView[]; live: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const today = useToday();
  const zone = lines.length > 0 ? `, times in ${formatZone(new Date(lines[0].at))}` : "";
  // Follow the tail unless the reader scrolled up; scrolling back to the bottom resumes following.
  const stickToBottom = useRef(true);
  useEffect(() => {
    const element = ref.current;
    if (element && stickToBottom.current) element.scrollTop = element.scrollHeight;
  }, [lines.length]);

  // The log role goes on a wrapper: on the <ol> itself it would hide the list from assistive technology.
  return (
    <div
      ref={ref}
      role="log"
      aria-live="polite"
      aria-label={`Action log${zone}`}
      data-testid="action-log"
      tabIndex={0}
      onScroll={(event) => {
        const element = event.currentTarget;
        stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
      }}
      className="max-h-80 min-h-24 overflow-auto rounded-md border border-border bg-slate-950 px-3 py-2 font-mono text-xs leading-5 text-slate-100"
    >
      <ol>
        {lines.map((line) => {
          const applying = /^Applying /.test(line.message);
          return (
            <li key={line.id} data-level={line.level} className="whitespace-pre-wrap break-words">
              <time dateTime={line.at} title={formatUtc(line.at)} className="text-slate-400" suppressHydrationWarning>
                {formatTime(line.at, today, { milliseconds: true, withoutZone: true })}
              </time>{" "}
              <span className={LEVEL_CLASSES[line.level.toUpperCase()] ?? "text-sky-300"}>{line.level.padEnd(5)}</span>{" "}
              <span className={applying ? "font-semibold text-emerald-300" : undefined}>{line.message}</span>
            </li>
          );
        })}
        {lines.length === 0 ? (
          <li className="text-slate-400">{live ? "Waiting for the first log line…" : "No log lines."}</li>
        ) : null}
      </ol>
    </div>
  );
}

function Outcome({ action }: { action: ActionView }) {
  switch (action.status) {
    case "succeeded": {
      if (action.kind === "deploy") {
        const names = action.result?.appliedMigrationNames ?? [];
        return (
          <Banner
            tone="success"
            testId="action-result"
            title={names.length > 0 ? `Applied ${pluralize(names.length, "migration")}` : "Nothing needed applying"}
          >
            {names.length > 0 ? (
              <FoldedList
                items={names}
                noun="migration"
                numbered
                className="space-y-0.5 font-mono text-xs"
                renderItem={(name) => <span className="break-all">{name}</span>}
              />
            ) : null}
          </Banner>
        );
      }
      return (
        <Banner
          tone="success"
          testId="action-result"
          title={
            action.kind === "resolve_rolled_back"
              ? `${action.migrationName} is marked rolled back`
              : `${action.migrationName} is marked applied`
          }
        >
          <p>
            {action.kind === "resolve_rolled_back"
              ? "The next deploy runs it again. Make sure the cause of the failure is fixed first."
              : "Its script will never run here: the database must already contain its changes."}
          </p>
        </Banner>
      );
    }
    case "failed":
      return (
        <Banner tone="danger" testId="action-error" title={`Failed${action.error ? `: ${action.error.code}` : ""}`}>
          {action.error ? (
            <pre className="whitespace-pre-wrap break-words font-mono text-xs">{action.error.message}</pre>
          ) : null}
          <p>The environment shows the state the database is in now; read the log above for what ran.</p>
        </Banner>
      );
    case "interrupted":
      return (
        <Banner tone="danger" testId="action-error" title="Interrupted before it finished">
          {action.error ? <p className="whitespace-pre-wrap break-words">{action.error.message}</p> : null}
          <p>
            Check the migration&apos;s row on the environment page: if it is failed, resolve it (mark it rolled back if
            none of its changes remain, applied if all of them exist), then deploy again.
          </p>
        </Banner>
      );
    case "rejected":
      return (
        <Banner
          tone="info"
          testId="action-error"
          title={`Rejected${action.decidedByLabel ? ` by ${action.decidedByLabel}` : ""}: nothing ran`}
        >
          {action.error ? <p className="whitespace-pre-wrap break-words">{action.error.message}</p> : null}
        </Banner>
      );
    default:
      return null;
  }
}

export function ActionProgress({ action }: { action: ActionView }) {
  const live = action.status === "queued" || action.status === "running" || action.status === "awaiting_approval";
  const duration =
    action.startedAt && action.finishedAt ? Date.parse(action.finishedAt) - Date.parse(action.startedAt) : null;
  return (
    <div className="space-y-4" data-testid="action-progress" data-action-id={action.id}>
      <div className="flex flex-wrap items-center gap-3">
        <ActionStatusBadge status={action.status} testId="action-status" />
        <span className="text-sm">
          <span className="font-semibold">{describeActionKind(action.kind)}</span>
          {action.migrationName ? (
            <span className="ml-1 font-mono text-xs break-all">{action.migrationName}</span>
          ) : null}
          <span className="text-muted"> on {action.environmentName}</span>
        </span>
      </div>

      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        <div className="flex gap-1.5">
          <dt className="text-muted">Requested by</dt>
          <dd>
            {action.requestedByLabel} <span className="text-muted">({action.requestedByRole})</span>
            {action.requestedByMe ? <span className="text-muted"> — you</span> : null}
          </dd>
        </div>
        <div className="flex gap-1.5">
          <dt className="text-muted">Requested</dt>
          <dd>
            <ExactTime iso={action.createdAt} />
          </dd>
        </div>
        {action.decidedByLabel ? (
          <div className="flex gap-1.5">
            <dt className="text-muted">{action.status === "rejected" ? "Rejected by" : "Approved by"}</dt>
            <dd>
              {action.decidedByLabel} <ExactTime iso={action.decidedAt} />
            </dd>
          </div>
        ) : null}
        <div className="flex gap-1.5">
          <dt className="text-muted">Started</dt>
          <dd>
            <ExactTime iso={action.startedAt} fallback="not yet" />
          </dd>
        </div>
        <div className="flex gap-1.5">
          <dt className="text-muted">Finished</dt>
          <dd>
            <ExactTime iso={action.finishedAt} fallback={live ? "not yet" : "—"} />
            {duration !== null ? <span className="text-muted"> ({formatDuration(duration)})</span> : null}
          </dd>
        </div>
      </dl>

      {action.status === "awaiting_approval" ? (
        <Banner
          tone="warning"
          testId="approval-wait"
          title={action.requestedByMe ? "Waiting for another operator to approve" : "Waiting for approval"}
        >
          <p>
            {action.requestedByMe
              ? "A second operator or admin must approve it in the Actions list of this environment; nothing runs until then."
              : `An operator or admin other than ${action.requestedByLabel} approves or rejects it in the Actions list of this environment.`}{" "}
            {action.approvalExpiresAt ? (
              <>
                The request expires <ExactTime iso={action.approvalExpiresAt} />.
              </>
            ) : null}
          </p>
        </Banner>
      ) : null}
      {action.status === "queued" ? (
        <p className="text-sm text-muted">Queued: a worker picks it up in a moment.</p>
      ) : null}

      <section aria-label="Log" className="space-y-1.5">
        <h3 className="text-sm font-semibold">
          Log{" "}
          <span className="font-normal text-muted">
            (times in {formatZone(new Date(action.log[0]?.at ?? action.createdAt))}; hover for UTC)
          </span>
        </h3>
        <ActionLog lines={action.log} live={live} />
      </section>

      <Outcome action={action} />
    </div>
  );
}
