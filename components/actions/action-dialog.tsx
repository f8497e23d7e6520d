"use client";
// The action dialog. First the preflight (a summary, then what will change, warnings, CLI equivalent, refusal);
// in the footer, always in view however long the preflight, the typed confirmation on protected environments,
// the override reason when a failed dry run is overridden, why the submit button is disabled, and the buttons.
// The request is sent with the fingerprint of the state the user saw. Once accepted (202) the same dialog follows
// the action live until it ends.
import { useId, useState, type FormEvent } from "react";
import type { ActionKind } from "@/lib/actions/views";
import type { ResolveKind } from "@/lib/api/actions";
import { ACTION_KIND_META, describeActionKind, describeSubmitBlocker } from "@/lib/client/actions";
import { ApiError, describeError } from "@/lib/client/fetch-json";
import { useAction, usePreflight, useRequestAction } from "@/lib/client/hooks";
import { pluralize } from "@/lib/client/format";
import { Banner } from "../banner";
import { describedBy, Field } from "../form-controls";
import { LoadingBlock } from "../loading-block";
import { ModalDialog } from "../modal-dialog";
import { ProtectedMarker } from "../protected-marker";
import { QueryError } from "../query-error";
import { buttonClass, inputClass } from "../ui";
import { ActionProgress } from "./action-progress";
import { PreflightDetails, PreflightSummary } from "./preflight-details";
import { DeployReleaseSection } from "./release-picker";

/** Why the dialog opened on this kind: the failure analysis recommended it (the operator may still switch). */
export interface ActionRecommendation {
  /** The kind the analysis recommends; null when it found the migration partially applied (no single answer). */
  kind: ResolveKind | null;
  reason: string;
}

export type ActionDialogState =
  | {
      mode: "request";
      kind: ActionKind;
      migration: string | null;
      pendingCount?: number;
      recommendation?: ActionRecommendation;
    }
  | { mode: "follow"; actionId: string; kind?: ActionKind; migration?: string | null };

interface ActionDialogProps {
  environmentId: string;
  state: ActionDialogState;
  onAccepted: (actionId: string) => void;
  /** Switch a resolve request to the other resolution (keeps the recommendation note). */
  onSwitchKind?: (kind: ActionKind) => void;
  onClose: () => void;
}

export function ActionDialog({ environmentId, state, onAccepted, onSwitchKind, onClose }: ActionDialogProps) {
  return state.mode === "request" ? (
    <RequestDialog
      environmentId={environmentId}
      state={state}
      onAccepted={onAccepted}
      onSwitchKind={onSwitchKind}
      onClose={onClose}
    />
  ) : (
    <FollowDialog state={state} onClose={onClose} />
  );
}

function requestTitle(
  state: Extract<ActionDialogState, { mode: "request" }>,
  count: number | undefined,
  release?: number,
): string {
  switch (state.kind) {
    case "resolve_rolled_back":
      return `Mark ${state.migration} rolled back`;
    case "resolve_applied":
      return `Mark ${state.migration} applied`;
    default:
      return (
        (count !== undefined ? `Deploy ${pluralize(count, "pending migration")}` : "Deploy pending migrations") +
        (release ? ` · release #${release}` : "")
      );
  }
}

/** The failure analysis' advice, inside the dialog: which resolution it recommends and why, and the other one. */
function RecommendationNote({
  recommendation,
  kind,
  onSwitchKind,
}: {
  recommendation: ActionRecommendation;
  kind: ActionKind;
  onSwitchKind?: (kind: ActionKind) => void;
}) {
  const other: ActionKind = kind === "resolve_rolled_back" ? "resolve_applied" : "resolve_rolled_back";
  const followed = recommendation.kind === kind;
  return (
    <div
      data-testid="recommendation-note"
      data-recommended={recommendation.kind ?? "partial"}
      className="space-y-2 rounded-md border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-100"
    >
      <p className="font-semibold">
        {recommendation.kind === null
          ? "The failure analysis found it partially applied"
          : followed
            ? `Recommended by the failure analysis: ${ACTION_KIND_META[recommendation.kind].label}`
            : `The failure analysis recommended ${ACTION_KIND_META[recommendation.kind].label}; you chose ${ACTION_KIND_META[kind].label}`}
      </p>
      <p>{recommendation.reason}</p>
      {onSwitchKind ? (
        <button
          type="button"
          data-testid="recommendation-switch"
          className={buttonClass("secondary", "sm")}
          onClick={() => onSwitchKind(other)}
        >
          {ACTION_KIND_META[other].label} instead
        </button>
      ) : null}
    </div>
  );
}

function RequestDialog({
  environmentId,
  state,
  onAccepted,
  onSwitchKind,
  onClose,
}: {
  environmentId: string;
  state: Extract<ActionDialogState, { mode: "request" }>;
  onAccepted: (actionId: string) => void;
  onSwitchKind?: (kind: ActionKind) => void;
  onClose: () => void;
}) {
  const formId = useId();
  const confirmId = useId();
  const [pickedRelease, setPickedRelease] = useState<{ number: number; checksum: string } | null>(null);
  const preflight = usePreflight(environmentId, state.kind, state.migration, true, pickedRelease);
  const request = useRequestAction(environmentId);
  const [confirmation, setConfirmation] = useState("");
  const [overrideReason, setOverrideReason] = useState("");
  const overrideId = useId();
  const [following, setFollowing] = useState<string | null>(null);

  const data = preflight.data;
  // A failed dry run may be overridden with a reason: the target can differ from its shadow copy (its data, objects
  // outside Prisma's model), and the operator may know it.
  const overriding = Boolean(data && !data.allowed && data.refusal?.overridable);
  const blocker = describeSubmitBlocker({
    preflight: data,
    loading: preflight.isFetching,
    overriding,
    overrideReason,
    confirmation,
    sending: request.isPending,
  });
  const canSubmit = blocker === null;
  const confirmed = !data?.isProtected || confirmation === data.environmentName;
  const blockerId = useId();
  const requestError = request.error;
  const isConflict = requestError instanceof ApiError && requestError.status === 409;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!canSubmit || !data) return;
    request.mutate(
      {
        kind: state.kind,
        ...(state.kind === "deploy" ? {} : { migration: state.migration ?? undefined }),
        expectedFingerprint: data.fingerprint,
        ...(data.isProtected ? { confirmation } : {}),
        ...(overriding ? { overrideReason: overrideReason.trim() } : {}),
        // The release the preflight showed (picked, or the newest): refused if it changed since (stale_release).
        ...(data.release ? { release: data.release.number, releaseChecksum: data.release.checksum } : {}),
      },
      { onSuccess: (accepted) => onAccepted(accepted.id) },
    );
  }

  function reloadPreflight() {
    request.reset();
    // A release that changed under the request is picked again from the list: the newest until then (a new key).
    if (requestError instanceof ApiError && requestError.code === "stale_release" && pickedRelease)
      setPickedRelease(null);
    else void preflight.refetch();
  }

  if (following) return <FollowDialog state={{ mode: "follow", actionId: following }} onClose={onClose} />;

  const count = state.kind === "deploy" ? data?.migrationsToApply.length || state.pendingCount : undefined;
  const asksConfirmation = Boolean(data?.isProtected && !data.openAction && (data.allowed || overriding));
  return (
    <ModalDialog
      testId="action-dialog"
      title={requestTitle(state, count, data?.release?.number)}
      description={
        <span className="inline-flex flex-wrap items-center gap-2">
          <span>
            {describeActionKind(state.kind)} on <strong>{data?.environmentName ?? "this environment"}</strong>: review
            what will change, then confirm.
          </span>
          {data?.isProtected ? <ProtectedMarker /> : null}
        </span>
      }
      onClose={onClose}
      footer={
        <div className="w-full space-y-3">
          {requestError ? (
            <Banner
              tone="danger"
              testId="action-request-error"
              title="The request was refused"
              className="max-h-48 overflow-auto"
            >
              <p className="whitespace-pre-wrap break-words">{describeError(requestError)}</p>
              {requestError instanceof ApiError && requestError.code && !requestError.code.startsWith("HTTP_") ? (
                <p className="font-mono text-xs">{requestError.code}</p>
              ) : null}
              {isConflict ? (
                <button type="button" className={buttonClass("secondary", "sm")} onClick={reloadPreflight}>
                  Reload preflight
                </button>
              ) : null}
            </Banner>
          ) : null}

          {data && overriding && !data.openAction ? (
            <Field
              id={overrideId}
              label="Deploy anyway: why will it work on the real database?"
              hint="Recorded in the audit log with the dry run's failure."
            >
              <input
                id={overrideId}
                form={formId}
                data-testid="override-reason"
                value={overrideReason}
                onChange={(event) => setOverrideReason(event.target.value)}
                maxLength={500}
                aria-describedby={describedBy(overrideId, true, false)}
                className={inputClass}
              />
            </Field>
          ) : null}
          {data && asksConfirmation ? (
            <Field
              id={confirmId}
              label={`Type ${data.environmentName} to confirm`}
              hint={
                data.needsApproval
                  ? `${data.environmentName} is protected: after you submit, a second operator or admin approves it; nothing runs before that.`
                  : "The environment's name, exactly."
              }
            >
              <input
                id={confirmId}
                form={formId}
                data-testid="confirm-input"
                value={confirmation}
                onChange={(event) => setConfirmation(event.target.value)}
                autoComplete="off"
                autoCapitalize="off"
                autoCorrect="off"
                spellCheck={false}
                aria-invalid={confirmation.length > 0 && !confirmed ? true : undefined}
                aria-describedby={describedBy(confirmId, true, false)}
                className={`${inputClass} max-w-xs font-mono`}
              />
            </Field>
          ) : null}
          <div className="flex flex-wrap items-center justify-end gap-2">
            {blocker ? (
              <p id={blockerId} data-testid="submit-blocker" className="mr-auto text-sm text-muted">
                {blocker}
              </p>
            ) : null}
            <button type="button" className={buttonClass("secondary")} onClick={onClose}>
              Cancel
            </button>
            <button
              type="submit"
              form={formId}
              data-testid="action-submit"
              disabled={!canSubmit}
              aria-describedby={blocker ? blockerId : undefined}
              className={buttonClass(state.kind === "deploy" ? "primary" : "danger")}
            >
              {request.isPending ? "Sending…" : ACTION_KIND_META[state.kind].submit}
            </button>
          </div>
        </div>
      }
    >
      {state.recommendation && state.kind !== "deploy" ? (
        <div className="mb-5">
          <RecommendationNote
            recommendation={state.recommendation}
            kind={state.kind}
            onSwitchKind={request.isPending ? undefined : onSwitchKind}
          />
        </div>
      ) : null}
      {preflight.isPending ? (
        <LoadingBlock label="Computing the preflight from the environment's current state…" rows={1} />
      ) : !data ? (
        <QueryError error={preflight.error} what="the preflight" onRetry={() => void preflight.refetch()} />
      ) : (
        <form id={formId} onSubmit={handleSubmit} className="space-y-5" aria-busy={preflight.isFetching}>
          {preflight.isError ? (
            <Banner tone="warning" title="Reloading the preflight failed; showing the previous one">
              <p>{describeError(preflight.error)}</p>
            </Banner>
          ) : null}

          <PreflightSummary preflight={data} />

          {state.kind === "deploy" ? (
            <DeployReleaseSection
              environmentId={environmentId}
              preflight={data}
              picked={pickedRelease?.number ?? null}
              onPick={(release) => {
                request.reset();
                setPickedRelease(release);
              }}
              requestError={requestError}
              disabled={request.isPending}
            />
          ) : null}

          <PreflightDetails preflight={data} onFollowOpenAction={(id) => setFollowing(id)} />
        </form>
      )}
    </ModalDialog>
  );
}

function FollowDialog({
  state,
  onClose,
}: {
  state: Extract<ActionDialogState, { mode: "follow" }>;
  onClose: () => void;
}) {
  const action = useAction(state.actionId);
  const view = action.data;
  const kind = view?.kind ?? state.kind;
  const migration = view?.migrationName ?? state.migration ?? null;
  return (
    <ModalDialog
      testId="action-dialog"
      title={kind ? `${describeActionKind(kind)}${migration ? ` · ${migration}` : ""}` : "Action"}
      description={
        view ? <>Following the action live on {view.environmentName}. Closing this does not stop it.</> : null
      }
      onClose={onClose}
      footer={
        <button type="button" className={buttonClass("secondary")} onClick={onClose}>
          Close
        </button>
      }
    >
      {action.isPending ? (
        <LoadingBlock label="Loading the action…" rows={1} />
      ) : !view ? (
        <QueryError error={action.error} what="the action" onRetry={() => void action.refetch()} />
      ) : (
        <>
          {action.isError ? (
            <Banner tone="warning" title="Following the action failed for a moment; retrying">
              <p>{describeError(action.error)}</p>
            </Banner>
          ) : null}
          <ActionProgress action={view} />
        </>
      )}
    </ModalDialog>
  );
}
