// A unified diff, line by line: additions green with "+", removals red with "-", hunk headers blue. The sign
// stays in the text, so the change reads without colour. Text nodes only (React escapes them).
import { useMemo } from "react";

type DiffLineKind = "add" | "remove" | "hunk" | "file" | "context";

function classify(line: string): DiffLineKind {
  if (line.startsWith("+++ ") || line.startsWith("--- ")) return "file";
  if (line.startsWith("@@")) return "hunk";
  if (line.startsWith("+")) return "add";
  if (line.startsWith("-")) return "remove";
  return "context";
}

const LINE_CLASSES: Record<DiffLineKind, string> = {
  add: "bg-emerald-50 text-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-200",
  remove: "bg-red-50 text-red-900 dark:bg-red-950/50 dark:text-red-200",
  hunk: "bg-sky-50 text-sky-800 dark:bg-sky-950/40 dark:text-sky-300",
  file: "font-semibold text-muted",
  context: "",
};

export function DiffView({ patch, label, testId }: { patch: string; label: string; testId?: string }) {
  const lines = useMemo(() => {
    const all = patch.split("\n");
    if (all.length > 0 && all[all.length - 1] === "") all.pop();
    return all.map((text) => ({ text, kind: classify(text) }));
  }, [patch]);
  return (
    <figure className="overflow-hidden rounded-lg border border-border bg-surface">
      <figcaption className="border-b border-border bg-subtle px-3 py-1.5 text-xs text-muted">{label}</figcaption>
      <pre
        data-testid={testId}
        tabIndex={0}
        aria-label={label}
        className="max-h-[60vh] overflow-auto py-2 font-mono text-[0.8125rem] leading-5"
      >
        <code>
          {lines.map((line, index) => (
            <span key={index} data-diff={line.kind} className={`block px-4 whitespace-pre ${LINE_CLASSES[line.kind]}`}>
              {line.text || " "}
            </span>
          ))}
        </code>
      </pre>
    </figure>
  );
}
