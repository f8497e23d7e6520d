"use client";
// The environment's recent actions (newest first, polled): who asked for what, who approved, how it ended.
// A request awaiting approval offers Approve and Reject to operators other than the requester.
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import type { ActionView } from "@/lib/actions/views";
import { describeActionKind, isOpenStatus } from "@/lib/client/actions";
import { describeError } from "@/lib/client/fetch-json";
import { formatDuration, pluralize } from "@/lib/client/format";
import { useApproveAction, useEnvironmentActions, useRejectAction } from "@/lib/client/hooks";
import { paths } from "@/lib/client/paths";
import { DisabledReason } from "../disabled-reason";
import { ExactTime } from "../exact-time";
import { QueryError } from "../query-error";
import { RelativeTime } from "../relative-time";
import { buttonClass, inputClass, linkClass } from "../ui";
import { useActionLauncher } from "./action-launcher";
import { ActionStatusBadge } from "./action-status-badge";

const COLLAPSED_COUNT = 5;

function ApprovalControls({ action }: { action: ActionView }) {
  const launcher = useActionLauncher();
  const approve = useApproveAction();
  const reject = useRejectAction();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const reasonId = useId();
  const busy = approve.isPending || reject.isPending;
  const busyReason = approve.isPending ? "Approving…" : reject.isPending ? "Rejecting…" : null;
  const busyId = useId();
  const error = approve.error ?? reject.error;

  function handleReject(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    reject.mutate({ id: action.id, environmentId: action.environmentId, reason });
  }

  return (
    <div className="space-y-2">
      {rejecting ? (
        <form onSubmit={handleReject} className="flex flex-wrap items-end gap-2" aria-label="Reject the request">
          <div className="min-w-48 flex-1 space-y-1">
            <label htmlFor={reasonId} className="block text-xs font-medium">
              Reason (optional)
            </label>
            <input
              id={reasonId}
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              className={inputClass}
            />
          </div>
          <button
            type="submit"
            data-testid="reject-confirm"
            disabled={busy}
            aria-describedby={busy ? busyId : undefined}
            className={buttonClass("danger", "sm")}
          >
            {reject.isPending ? "Rejecting…" : "Reject request"}
          </button>
          <button
            type="button"
            disabled={busy}
            aria-describedby={busy ? busyId : undefined}
            className={buttonClass("secondary", "sm")}
            onClick={() => setRejecting(false)}
          >
            Cancel
          </button>
        </form>
      ) : (
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            data-testid="approve-button"
            disabled={busy}
            aria-describedby={busy ? busyId : undefined}
            className={buttonClass("primary", "sm")}
            onClick={() =>
              approve.mutate(
                { id: action.id, environmentId: action.environmentId },
                // Approving starts it: watch it run.
                { onSuccess: () => launcher?.follow(action.id, action.kind, action.migrationName) },
              )
            }
          >
            {approve.isPending ? "Approving…" : "Approve"}
          </button>
          <button
            type="button"
            data-testid="reject-button"
            disabled={busy}
            aria-describedby={busy ? busyId : undefined}
            className={buttonClass("secondary", "sm")}
            onClick={() => setRejecting(true)}
          >
            Reject
          </button>
        </div>
      )}
      <DisabledReason id={busyId} reason={busyReason} />
      {error ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
          {describeError(error)}
        </p>
      ) : null}
    </div>
  );
}

/** "Applied 300 migrations: first, …, last" with the whole list one click away, never one 300-name paragraph. */
function AppliedNames({ names }: { names: string[] }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  if (names.length === 0) return <p className="text-xs text-muted">Nothing needed applying.</p>;
  const folded = names.length > 3 && !open;
  const shown = folded ? [names[0], names.at(-1)!] : names;
  return (
    <div className="text-xs text-muted">
      <p id={listId}>
        Applied {pluralize(names.length, "migration")}:{" "}
        {shown.map((name, index) => (
          <span key={name}>
            {index > 0 ? (folded ? ", …, " : ", ") : null}
            <span className="font-mono break-all">{name}</span>
          </span>
        ))}
        {names.length > 3 ? (
          <>
            {" "}
            <button
              type="button"
              aria-expanded={open}
              aria-controls={listId}
              className={`${linkClass} text-xs`}
              onClick={() => setOpen((value) => !value)}
            >
              {open ? "show fewer" : `show all ${names.length}`}
            </button>
          </>
        ) : null}
      </p>
    </div>
  );
}

function ActionRow({ action }: { action: ActionView }) {
  const launcher = useActionLauncher();
  const canAct = Boolean(launcher?.canAct);
  const duration =
    action.startedAt && action.finishedAt ? Date.parse(action.finishedAt) - Date.parse(action.startedAt) : null;
  const live = isOpenStatus(action.status);
  const applied =
    action.status === "succeeded" && action.kind === "deploy" ? (action.result?.appliedMigrationNames ?? []) : null;

  return (
    <li
      data-testid="action-item"
      data-action-id={action.id}
      data-status={action.status}
      className={`space-y-2 rounded-lg border bg-surface p-3 ${
        action.status === "interrupted" || action.status === "failed"
          ? "border-red-300 dark:border-red-800"
          : action.status === "awaiting_approval"
            ? "border-amber-300 dark:border-amber-800"
            : "border-border"
      }`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <ActionStatusBadge status={action.status} size="sm" />
        <span className="text-sm font-semibold">{describeActionKind(action.kind)}</span>
        {action.release?.number ? (
          <span className="text-xs text-muted" data-testid="action-release">
            release #{action.release.number}
          </span>
        ) : null}
        {action.migrationName ? (
          <Link
            href={paths.migration(action.environmentId, action.migrationName)}
            className={`${linkClass} font-mono text-xs break-all`}
          >
            {action.migrationName}
          </Link>
        ) : null}
        <span className="ml-auto">
          <Link href={paths.action(action.id)} data-testid="action-page-link" className={buttonClass("ghost", "sm")}>
            {action.status === "awaiting_approval" ? "Review" : "Page"}
          </Link>
          {launcher ? (
            <button
              type="button"
              className={buttonClass("ghost", "sm")}
              onClick={() => launcher.follow(action.id, action.kind, action.migrationName)}
            >
              {live ? "Follow live" : "Show log"}
              <span className="sr-only">
                {" "}
                of {describeActionKind(action.kind)} {action.migrationName ?? ""}
              </span>
            </button>
          ) : null}
        </span>
      </div>

      <dl className="flex flex-wrap gap-x-5 gap-y-1 text-xs">
        <div className="flex gap-1">
          <dt className="text-muted">Requested by</dt>
          <dd>
            {action.requestedByLabel} <span className="text-muted">({action.requestedByRole})</span>{" "}
            <RelativeTime iso={action.createdAt} className="text-muted" />
          </dd>
        </div>
        {action.decidedByLabel ? (
          <div className="flex gap-1">
            <dt className="text-muted">{action.status === "rejected" ? "Rejected by" : "Approved by"}</dt>
            <dd>
              {action.decidedByLabel} <RelativeTime iso={action.decidedAt} className="text-muted" />
            </dd>
          </div>
        ) : null}
        {action.startedAt ? (
          <div className="flex gap-1">
            <dt className="text-muted">Started</dt>
            <dd>
              <ExactTime iso={action.startedAt} />
            </dd>
          </div>
        ) : null}
        {action.finishedAt ? (
          <div className="flex gap-1">
            <dt className="text-muted">Finished</dt>
            <dd>
              <ExactTime iso={action.finishedAt} />
              {duration !== null ? <span className="text-muted"> ({formatDuration(duration)})</span> : null}
            </dd>
          </div>
        ) : null}
      </dl>

      {action.status === "awaiting_approval" ? (
        action.requestedByMe ? (
          <p data-testid="approval-wait" className="text-sm text-amber-900 dark:text-amber-200">
            Waiting for another operator to approve
            {action.approvalExpiresAt ? (
              <>
                {" "}
                (expires <ExactTime iso={action.approvalExpiresAt} />)
              </>
            ) : null}
            .
          </p>
        ) : canAct ? (
          <ApprovalControls action={action} />
        ) : (
          <p className="text-sm text-muted">Waiting for an operator to approve.</p>
        )
      ) : null}

      {action.status === "interrupted" ? (
        <div
          role="alert"
          className="space-y-1 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100"
        >
          <p className="font-semibold">Interrupted: the process running it stopped before it finished.</p>
          {action.error ? <p className="whitespace-pre-wrap break-words">{action.error.message}</p> : null}
          <p>
            Check the migration&apos;s state below. If it shows as failed, resolve it: Mark rolled back when none of its
            changes remain, Mark applied when all of them exist. Then deploy again.
          </p>
        </div>
      ) : action.error && action.status !== "rejected" ? (
        <p className="whitespace-pre-wrap break-words text-sm text-red-700 dark:text-red-400">
          <span className="font-mono text-xs">{action.error.code}</span>: {action.error.message.split("\n")[0]}
        </p>
      ) : action.error ? (
        <p className="text-sm text-muted">{action.error.message}</p>
      ) : null}

      {applied ? <AppliedNames names={applied} /> : null}
    </li>
  );
}

export function ActionsSection({ environmentId }: { environmentId: string }) {
  const actions = useEnvironmentActions(environmentId);
  const [showAll, setShowAll] = useState(false);
  const list = actions.data ?? [];
  // Open actions always show, however old.
  const visible = showAll ? list : list.filter((a, index) => index < COLLAPSED_COUNT || isOpenStatus(a.status));

  return (
    <section aria-labelledby="actions-heading" className="space-y-3">
      <h2 id="actions-heading" className="text-lg font-semibold">
        Actions{" "}
        <span className="font-normal text-muted">
          {actions.data ? `(${pluralize(list.length, "recent action")})` : null}
        </span>
      </h2>
      {actions.isPending ? (
        <p role="status" className="text-sm text-muted">
          Loading actions…
        </p>
      ) : !actions.data ? (
        <QueryError error={actions.error} what="the actions" onRetry={() => void actions.refetch()} />
      ) : (
        <>
          <ol data-testid="actions-list" className="space-y-2">
            {visible.map((action) => (
              <ActionRow key={action.id} action={action} />
            ))}
          </ol>
          {list.length === 0 ? (
            <p className="text-sm text-muted">No action has been run on this environment from Runway yet.</p>
          ) : null}
          {list.length > visible.length || (showAll && list.length > COLLAPSED_COUNT) ? (
            <button type="button" className={buttonClass("ghost", "sm")} onClick={() => setShowAll((value) => !value)}>
              {showAll ? "Show fewer" : `Show all ${list.length}`}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
