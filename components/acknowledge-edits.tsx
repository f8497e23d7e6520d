"use client";
// Acknowledging an edit of an applied migration (operators): Runway records that this edit — these two checksums —
// is intended, and the migration reads "edited (acknowledged)" instead of modified; a new edit shows again.
// Also the acknowledged edits of an environment, each withdrawable.
import { useId, useState, type FormEvent } from "react";
import type { EnvironmentStatusView, MigrationView } from "@/lib/environments/views";
import { describeError } from "@/lib/client/fetch-json";
import { pluralize } from "@/lib/client/format";
import { useAcknowledgeEdits, useWithdrawAcknowledgement } from "@/lib/client/release-hooks";
import { useActionLauncher } from "./actions/action-launcher";
import { Banner } from "./banner";
import { describedBy, Field } from "./form-controls";
import { RelativeTime } from "./relative-time";
import { buttonClass, inputClass } from "./ui";

/** "Acknowledge these edits…": for the modified migrations shown, with an optional reason. */
export function AcknowledgeEditsControl({
  environmentId,
  migrations,
}: {
  environmentId: string;
  migrations: MigrationView[];
}) {
  const launcher = useActionLauncher();
  const acknowledge = useAcknowledgeEdits(environmentId);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const id = useId();
  const edits = migrations
    .filter((m) => m.state === "modified" && m.appliedChecksum && m.localChecksum)
    .map((m) => ({ migration: m.name, appliedChecksum: m.appliedChecksum!, fileChecksum: m.localChecksum! }));
  if (!launcher?.canAct || edits.length === 0) return null;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    acknowledge.mutate(
      { edits, reason: reason.trim() || undefined },
      {
        onSuccess: () => {
          setOpen(false);
          setReason("");
        },
      },
    );
  }

  if (!open)
    return (
      <button
        type="button"
        data-testid="acknowledge-edits"
        className={buttonClass("secondary", "sm")}
        onClick={() => setOpen(true)}
      >
        Acknowledge {edits.length === 1 ? "this edit" : `these ${edits.length} edits`}…
      </button>
    );
  return (
    <form
      onSubmit={handleSubmit}
      data-testid="acknowledge-edits-form"
      className="space-y-2"
      aria-label="Acknowledge the edits"
    >
      <p>
        Acknowledge only an edit you have checked: what ran here stays as it ran (the edited file is never run again),
        and Runway reads the migration as <em>edited (acknowledged)</em> until the file changes again. Recorded in the
        audit log.
      </p>
      <Field id={id} label="Why the edit is fine (optional)" hint="For example: the runbook's idempotent rewrite.">
        <input
          id={id}
          data-testid="acknowledge-reason"
          value={reason}
          maxLength={500}
          onChange={(event) => setReason(event.target.value)}
          aria-describedby={describedBy(id, true, false)}
          className={inputClass}
        />
      </Field>
      {acknowledge.error ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
          {describeError(acknowledge.error)}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button
          type="submit"
          data-testid="acknowledge-submit"
          disabled={acknowledge.isPending}
          className={buttonClass("primary", "sm")}
        >
          {acknowledge.isPending ? "Acknowledging…" : `Acknowledge ${pluralize(edits.length, "edit")}`}
        </button>
        <button type="button" className={buttonClass("secondary", "sm")} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The environment's acknowledged edits, with who acknowledged each and why; operators may withdraw one. */
export function AcknowledgedEditsNote({ status }: { status: EnvironmentStatusView }) {
  const launcher = useActionLauncher();
  const withdraw = useWithdrawAcknowledgement(status.environment.id);
  const acknowledged = status.migrations.filter((m) => m.state === "edited_acknowledged" && m.acknowledgement);
  if (acknowledged.length === 0) return null;
  return (
    <Banner tone="info" testId="acknowledged-edits" title={`${pluralize(acknowledged.length, "edit")} acknowledged`}>
      <p>
        Edited after being applied here, and acknowledged: Prisma still reports{" "}
        {acknowledged.length === 1 ? "it" : "them"} as modified, Runway does not count{" "}
        {acknowledged.length === 1 ? "it" : "them"} as divergence. Another edit shows again.
      </p>
      <ul className="space-y-1">
        {acknowledged.map((m) => (
          <li key={m.name} className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <span className="font-mono text-xs break-all">{m.name}</span>
            <span className="text-xs">
              by {m.acknowledgement!.byLabel} <RelativeTime iso={m.acknowledgement!.at} />
              {m.acknowledgement!.reason ? `: “${m.acknowledgement!.reason}”` : ""}
            </span>
            {launcher?.canAct ? (
              <button
                type="button"
                className={buttonClass("ghost", "sm")}
                disabled={withdraw.isPending}
                onClick={() => withdraw.mutate(m.acknowledgement!.id)}
              >
                Withdraw<span className="sr-only"> the acknowledgement of {m.name}</span>
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {withdraw.error ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
          {describeError(withdraw.error)}
        </p>
      ) : null}
    </Banner>
  );
}
