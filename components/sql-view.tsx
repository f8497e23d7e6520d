"use client";
// A migration's SQL with line numbers and light highlighting. Tokens become React text nodes (React escapes them),
// so SQL containing `<script>` or HTML is shown, never interpreted.
import { useMemo } from "react";
import { tokenizeSql, type SqlTokenKind } from "@/lib/client/sql-tokens";

/** Past this size highlighting costs more than it helps; the text is still shown exactly. */
const HIGHLIGHT_LIMIT = 400_000;

const TOKEN_CLASSES: Record<SqlTokenKind, string | undefined> = {
  keyword: "font-semibold text-blue-700 dark:text-sky-300",
  type: "text-teal-700 dark:text-teal-300",
  string: "text-emerald-700 dark:text-emerald-300",
  comment: "italic text-slate-500 dark:text-slate-400",
  identifier: "text-amber-800 dark:text-amber-300",
  number: "text-fuchsia-700 dark:text-fuchsia-300",
  dollar: "font-semibold text-rose-700 dark:text-rose-300",
  plain: undefined,
};

interface SqlViewProps {
  sql: string;
  /** Accessible name of the code region, e.g. "migration.sql of 2026…_add_x". */
  label: string;
}

export function SqlView({ sql, label }: SqlViewProps) {
  const tokens = useMemo(() => (sql.length > HIGHLIGHT_LIMIT ? null : tokenizeSql(sql)), [sql]);
  const lineCount = useMemo(() => sql.split("\n").length, [sql]);
  const gutter = useMemo(() => Array.from({ length: lineCount }, (_, i) => i + 1).join("\n"), [lineCount]);

  return (
    <figure className="overflow-hidden rounded-lg border border-border bg-surface">
      <figcaption className="flex items-center justify-between border-b border-border bg-subtle px-3 py-1.5 text-xs text-muted">
        <span>{label}</span>
        <span>
          {lineCount} {lineCount === 1 ? "line" : "lines"}
          {tokens ? "" : " · too large to highlight"}
        </span>
      </figcaption>
      <div className="flex max-h-[70vh] overflow-auto text-[0.8125rem] leading-5">
        <pre
          aria-hidden="true"
          className="sticky left-0 select-none border-r border-border bg-subtle px-3 py-3 text-right font-mono text-muted"
        >
          {gutter}
        </pre>
        <pre data-testid="sql-view" tabIndex={0} aria-label={label} className="min-w-0 flex-1 px-4 py-3 font-mono">
          <code>
            {tokens
              ? tokens.map((token, index) => {
                  const className = TOKEN_CLASSES[token.kind];
                  return className ? (
                    <span key={index} className={className}>
                      {token.text}
                    </span>
                  ) : (
                    token.text
                  );
                })
              : sql}
          </code>
        </pre>
      </div>
    </figure>
  );
}
