"use client";
// The error Prisma stored for an attempt (`_prisma_migrations.logs`). Always in the page (searchable, copyable),
// clipped to a few lines until expanded because some logs run to pages of engine output.
import { useId, useState } from "react";
import { buttonClass } from "./ui";

const COLLAPSED_LINES = 12;

interface ErrorLogProps {
  logs: string;
  label?: string;
  /** Start expanded (e.g. the one failure the page is about). */
  defaultExpanded?: boolean;
}

export function ErrorLog({ logs, label = "Stored error", defaultExpanded = false }: ErrorLogProps) {
  const [expanded, setExpanded] = useState(defaultExpanded);
  const id = useId();
  const lineCount = logs.split("\n").length;
  const isLong = lineCount > COLLAPSED_LINES || logs.length > 1200;
  return (
    <div className="space-y-1.5">
      <div className="flex items-center justify-between gap-2">
        <p id={`${id}-label`} className="text-xs font-semibold uppercase tracking-wide text-muted">
          {label}
        </p>
        {isLong ? (
          <button
            type="button"
            className={buttonClass("ghost", "sm")}
            aria-expanded={expanded}
            aria-controls={id}
            onClick={() => setExpanded((value) => !value)}
          >
            {expanded ? "Collapse" : `Show full log (${lineCount} lines)`}
          </button>
        ) : null}
      </div>
      <pre
        id={id}
        data-testid="error-log"
        aria-labelledby={`${id}-label`}
        tabIndex={0}
        className={`overflow-auto whitespace-pre-wrap break-words rounded-md border border-red-200 bg-red-50/70 p-3 font-mono text-xs leading-5 text-red-950 dark:border-red-900 dark:bg-red-950/30 dark:text-red-100 ${
          expanded || !isLong ? "" : "max-h-60"
        }`}
      >
        {logs}
      </pre>
    </div>
  );
}
