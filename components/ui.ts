// Shared class names, so buttons, inputs and cards look and focus the same everywhere.

export const focusRing = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";

const BUTTON_VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-blue-700 text-white hover:bg-blue-800 dark:bg-blue-500 dark:text-slate-950 dark:hover:bg-blue-400",
  secondary: "border border-border bg-surface text-foreground hover:bg-subtle",
  danger: "bg-red-700 text-white hover:bg-red-800 dark:bg-red-500 dark:text-slate-950 dark:hover:bg-red-400",
  ghost: "text-accent hover:bg-subtle",
};

export function buttonClass(variant: ButtonVariant = "secondary", size: "sm" | "md" = "md"): string {
  const sizing = size === "sm" ? "px-2.5 py-1 text-xs" : "px-3.5 py-2 text-sm";
  return `inline-flex items-center justify-center gap-1.5 rounded-md font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${sizing} ${BUTTON_VARIANTS[variant]} ${focusRing}`;
}

export const inputClass =
  "block w-full rounded-md border border-border bg-surface px-3 py-2 text-sm text-foreground placeholder:text-muted/70 aria-[invalid=true]:border-red-600 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus";

/** A select that sizes to its content (inside table cells). */
export const compactSelectClass =
  "rounded-md border border-border bg-surface px-2 py-1 text-sm text-foreground disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus";

export const cardClass = "rounded-lg border border-border bg-surface shadow-sm";

export const linkClass = `font-medium text-accent underline-offset-2 hover:underline ${focusRing} rounded-sm`;

export const monoClass = "font-mono text-[0.8125rem]";
