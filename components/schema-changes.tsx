// A list of schema objects that differ (from a drift check or a compare), each named, with its statement's line.
import type { SchemaChange } from "@/lib/schema/views";
import { monoClass } from "./ui";

const KIND_ICONS: Record<SchemaChange["kind"], string> = {
  added: "+",
  removed: "−",
  changed: "~",
  renamed: "→",
  other: "·",
};

export function SchemaChanges({
  changes,
  describe,
  testId,
}: {
  changes: SchemaChange[];
  describe: (c: SchemaChange) => string;
  testId?: string;
}) {
  return (
    <ul className="space-y-1 text-sm" data-testid={testId}>
      {changes.map((c, i) => (
        <li key={`${c.kind}:${c.objectType}:${c.object}:${i}`} className="flex gap-2" data-change-kind={c.kind}>
          <span aria-hidden className={`${monoClass} w-4 shrink-0 text-center font-semibold`}>
            {KIND_ICONS[c.kind]}
          </span>
          <span>
            {c.objectType.replace("_", " ")} <code className={monoClass}>{c.object}</code>: {describe(c)}
          </span>
        </li>
      ))}
    </ul>
  );
}
