"use client";
// An accessible modal: the native <dialog> opened with showModal() (the rest of the page becomes inert), named by
// its heading, Esc closes, Tab cycles inside it, and focus returns to whatever opened it. Mounted = open.
import { useEffect, useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import { buttonClass } from "./ui";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

interface ModalDialogProps {
  title: ReactNode;
  /** Shown under the title and read as the dialog's description. */
  description?: ReactNode;
  /** Buttons pinned at the bottom (submit, cancel). */
  footer?: ReactNode;
  onClose: () => void;
  testId?: string;
  children: ReactNode;
}

function focusableIn(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (element) => !element.closest("[inert]") && element.getClientRects().length > 0,
  );
}

export function ModalDialog({ title, description, footer, onClose, testId, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  const mounted = useRef(false);

  // Before paint, so the closed <dialog> is never drawn in the page flow.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    mounted.current = true;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // Start on the first control (Close), not on a link deep inside the SQL.
    focusableIn(dialog)[0]?.focus();
    return () => {
      mounted.current = false;
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  function handleKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== "Tab" || !ref.current) return;
    const items = focusableIn(ref.current);
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !ref.current.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !ref.current.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog
      ref={ref}
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      data-testid={testId}
      onKeyDown={handleKeyDown}
      onCancel={(event) => {
        // Esc: let React unmount it (which closes it), so state and DOM never disagree.
        event.preventDefault();
        onCloseRef.current();
      }}
      onClose={() => {
        if (mounted.current) onCloseRef.current();
      }}
      className="m-auto max-h-[calc(100dvh-2rem)] w-[min(56rem,calc(100vw-2rem))] flex-col overflow-hidden rounded-lg border border-border bg-surface p-0 text-foreground shadow-2xl backdrop:bg-slate-950/60 open:flex"
    >
      <header className="flex items-start justify-between gap-4 border-b border-border px-5 py-4">
        <div className="min-w-0 space-y-1">
          <h2 id={titleId} className="text-lg font-semibold break-words">
            {title}
          </h2>
          {description ? (
            <div id={descriptionId} className="text-sm text-muted">
              {description}
            </div>
          ) : null}
        </div>
        <button type="button" onClick={() => onCloseRef.current()} className={buttonClass("ghost", "sm")}>
          <span aria-hidden="true">✕</span>
          Close
        </button>
      </header>
      <div className="min-h-0 flex-1 space-y-5 overflow-y-auto px-5 py-4">{children}</div>
      {footer ? (
        <footer className="flex flex-wrap items-center justify-end gap-2 border-t border-border bg-subtle px-5 py-3">
          {footer}
        </footer>
      ) : null}
    </dialog>
  );
}
