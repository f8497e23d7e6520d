"use client";
// One action on its own page (the link a requester sends): what it will do — its preflight with rows, SQL and
// warnings — who asked, its state, the live log and the outcome. Approve or reject here, after seeing it; the
// requester can cancel a request still waiting.
import { useId, useState } from "react";
import type { Role } from "@/lib/environments/views";
import { describeError } from "@/lib/client/fetch-json";
import { useAction, useApproveAction, useRejectAction } from "@/lib/client/hooks";
import { useActionReview, useCancelAction } from "@/lib/client/oncall-hooks";
import { paths } from "@/lib/client/paths";
import { describeActionKind } from "@/lib/client/actions";
import { ActionProgress } from "../actions/action-progress";
import { PreflightDetails } from "../actions/preflight-details";
import { PreflightSummary } from "../actions/preflight-details";
import { Banner } from "../banner";
import { DisabledReason } from "../disabled-reason";
import { LoadingBlock } from "../loading-block";
import { PageHeading } from "../page-heading";
import { QueryError } from "../query-error";
import { buttonClass, cardClass, inputClass, linkClass } from "../ui";

export function ActionScreen({ actionId, role }: { actionId: string; role: Role }) {
  const review = useActionReview(actionId);
  const live = useAction(actionId);
  const approve = useApproveAction();
  const reject = useRejectAction();
  const cancel = useCancelAction();
  const [reason, setReason] = useState("");
  const reasonId = useId();

  if (review.isPending) return <LoadingBlock label="Reading the action and computing its preflight…" />;
  if (!review.data)
    return (
      <QueryError
        error={review.error}
        what="this action"
        onRetry={() => void review.refetch()}
        backHref={paths.overview()}
      />
    );

  const action = live.data ?? review.data.action;
  const preflight = review.data.preflight;
  const waiting = action.status === "awaiting_approval";
  const canDecide = waiting && role !== "viewer" && !action.requestedByMe;
  const busy = approve.isPending || reject.isPending || cancel.isPending;
  const busyReason = approve.isPending
    ? "Approving…"
    : reject.isPending
      ? "Rejecting…"
      : cancel.isPending
        ? "Cancelling…"
        : null;
  // Approving runs it: only what the preflight allows now.
  const approveBlocker =
    busyReason ??
    (!preflight
      ? "No preflight could be computed for it now: approving is not possible until one is (see below)."
      : !preflight.allowed
        ? `The preflight refuses it now (${preflight.refusal?.code ?? "not allowed"}): see why below.`
        : null);
  const error = approve.error ?? reject.error ?? cancel.error;
  const ref = { id: action.id, environmentId: action.environmentId };
  const refresh = () => void Promise.all([review.refetch(), live.refetch()]);

  return (
    <div className="space-y-6">
      <PageHeading
        eyebrow={
          <a href={paths.environment(action.environmentId)} className={linkClass}>
            {action.environmentName}
          </a>
        }
        title={`${describeActionKind(action.kind)}${action.migrationName ? ` ${action.migrationName}` : ""}`}
      />

      {waiting ? (
        <section aria-labelledby="decision-heading" className={`${cardClass} space-y-3 p-4`} data-testid="decision">
          <h2 id="decision-heading" className="text-base font-semibold">
            {action.requestedByMe
              ? "Your request waits for a second operator"
              : `${action.requestedByLabel} asks for this`}
          </h2>
          {canDecide ? (
            <>
              <p className="text-sm">Review the preflight below — the rows, the SQL and the warnings — then decide.</p>
              <div className="flex flex-wrap items-end gap-2">
                <button
                  type="button"
                  data-testid="review-approve"
                  disabled={approveBlocker !== null}
                  aria-describedby={approveBlocker ? reasonId : undefined}
                  className={buttonClass("primary")}
                  onClick={() => approve.mutate(ref, { onSuccess: refresh })}
                >
                  {approve.isPending ? "Approving…" : "Approve and run"}
                </button>
                <label className="min-w-48 flex-1 space-y-1 text-xs font-medium">
                  Reason to reject (optional)
                  <input
                    value={reason}
                    maxLength={500}
                    onChange={(e) => setReason(e.target.value)}
                    className={inputClass}
                  />
                </label>
                <button
                  type="button"
                  data-testid="review-reject"
                  disabled={busy}
                  aria-describedby={busy ? reasonId : undefined}
                  className={buttonClass("danger")}
                  onClick={() => reject.mutate({ ...ref, reason }, { onSuccess: refresh })}
                >
                  {reject.isPending ? "Rejecting…" : "Reject"}
                </button>
              </div>
            </>
          ) : action.requestedByMe ? (
            <div className="flex flex-wrap items-center gap-3">
              <p className="text-sm">
                Send this page&apos;s address to another operator: they approve or reject it here. You cannot approve
                your own request.
              </p>
              <button
                type="button"
                data-testid="review-cancel"
                disabled={busy}
                aria-describedby={busy ? reasonId : undefined}
                className={buttonClass("secondary")}
                onClick={() => cancel.mutate(action.id, { onSuccess: refresh })}
              >
                {cancel.isPending ? "Cancelling…" : "Cancel my request"}
              </button>
            </div>
          ) : (
            <p className="text-sm text-muted">An operator or admin decides on it.</p>
          )}
          {/* Busy, the reason is the same for every button; otherwise only Approve can be held back. */}
          <DisabledReason id={reasonId} reason={canDecide ? approveBlocker : busyReason} />
          {error ? (
            <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
              {describeError(error)}
            </p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="state-heading" className={`${cardClass} p-4`}>
        <h2 id="state-heading" className="sr-only">
          State and log
        </h2>
        <ActionProgress action={action} />
      </section>

      {preflight ? (
        <section
          aria-labelledby="preflight-heading"
          className={`${cardClass} space-y-3 p-4`}
          data-testid="review-preflight"
        >
          <h2 id="preflight-heading" className="text-base font-semibold">
            Preflight, as it would run now
          </h2>
          {!preflight.allowed && preflight.refusal ? (
            <Banner tone="danger" title="It would be refused now">
              <p>{preflight.refusal.message}</p>
            </Banner>
          ) : null}
          <PreflightSummary preflight={preflight} asking={false} />
          <PreflightDetails preflight={preflight} onFollowOpenAction={() => {}} />
        </section>
      ) : review.data.preflightError ? (
        <Banner tone="warning" title="No preflight: the environment could not be read">
          <p>{review.data.preflightError}</p>
        </Banner>
      ) : null}
    </div>
  );
}
