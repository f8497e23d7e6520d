"use client";
// A dangerous change confirmed by typing a name (removing a project or an environment), as GitHub and Bytebase ask:
// the button stays disabled, and says why, until the name typed matches exactly.
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { describedBy, Field, FormError } from "./form-controls";
import { ModalDialog } from "./modal-dialog";
import { buttonClass, inputClass } from "./ui";
import { DisabledReason } from "./disabled-reason";

interface ConfirmByTypingDialogProps {
  title: string;
  /** What happens, and what stays (history). */
  children: ReactNode;
  /** The name to type. */
  name: string;
  confirmLabel: string;
  pending: boolean;
  error: unknown;
  onConfirm: (typed: string) => void;
  onClose: () => void;
  testId?: string;
}

export function ConfirmByTypingDialog({
  title,
  children,
  name,
  confirmLabel,
  pending,
  error,
  onConfirm,
  onClose,
  testId,
}: ConfirmByTypingDialogProps) {
  const id = useId();
  const [typed, setTyped] = useState("");
  const matches = typed === name;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (matches && !pending) onConfirm(typed);
  }

  return (
    <ModalDialog title={title} onClose={onClose} testId={testId}>
      <form onSubmit={submit} className="space-y-4" aria-label={title}>
        <div className="space-y-2 text-sm">{children}</div>
        <Field
          id={id}
          label={`Type ${name} to confirm`}
          hint={matches ? "The name matches." : "The exact name, as shown (case matters)."}
        >
          <input
            id={id}
            data-testid="confirm-input"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            className={`${inputClass} font-mono`}
            aria-invalid={typed.length > 0 && !matches ? true : undefined}
            aria-describedby={describedBy(id, true, false)}
          />
        </Field>
        <FormError error={error} title="Nothing was removed" />
        <div className="flex flex-wrap items-center justify-end gap-2">
          <DisabledReason id={`${id}-reason`} reason={matches ? null : `Type ${name} first.`} className="mr-auto" />
          <button type="button" className={buttonClass("secondary")} onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className={buttonClass("danger")}
            disabled={!matches || pending}
            aria-describedby={matches ? undefined : `${id}-reason`}
          >
            {pending ? "Removing…" : confirmLabel}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
