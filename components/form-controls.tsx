// Small form building blocks: a labelled field with hint and error wired to aria attributes, and the inline
// message a form shows after the server answers.
import type { ReactNode } from "react";
import { ApiError, describeError } from "@/lib/client/fetch-json";
import { Banner } from "./banner";

interface FieldProps {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | null;
  required?: boolean;
  /** The control; give it `id`, and `aria-describedby={describedBy(id, …)}`. */
  children: ReactNode;
}

export function hintId(id: string) {
  return `${id}-hint`;
}

export function errorId(id: string) {
  return `${id}-error`;
}

/** The aria-describedby value for a control inside <Field>. */
export function describedBy(id: string, hasHint: boolean, hasError: boolean): string | undefined {
  const ids = [hasHint ? hintId(id) : null, hasError ? errorId(id) : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

export function Field({ id, label, hint, error, required, children }: FieldProps) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {required ? (
          <span aria-hidden="true" className="text-red-700 dark:text-red-400">
            {" "}
            *
          </span>
        ) : null}
      </label>
      {children}
      {hint ? (
        <p id={hintId(id)} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId(id)} className="text-xs font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The server's answer to a failed submit: its message plus any per-field issues. */
export function FormError({ error, title = "Not saved" }: { error: unknown; title?: string }) {
  if (!error) return null;
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <Banner tone="danger" title={title}>
      <p>{describeError(error)}</p>
      {issues.length > 0 ? (
        <ul className="list-disc space-y-0.5 pl-5">
          {issues.map((issue, index) => (
            <li key={index}>
              {issue.path ? <span className="font-mono">{issue.path}: </span> : null}
              {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Banner>
  );
}

export function FormSection({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    // min-w-0: a fieldset is min-content wide by default, so a long option would widen the page on a phone.
    <fieldset className="min-w-0 space-y-4 rounded-lg border border-border bg-surface p-4">
      <legend className="px-1 text-base font-semibold">{title}</legend>
      {description ? <div className="text-sm text-muted">{description}</div> : null}
      {children}
    </fieldset>
  );
}
