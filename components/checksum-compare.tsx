// Local file checksum next to the one recorded when the migration ran: a mismatch means the file was edited
// after it was applied (Prisma reports it as modified), so it is called out in words, not just color.

interface ChecksumCompareProps {
  localChecksum: string | null;
  appliedChecksum: string | null;
  mismatch: boolean;
}

function ChecksumValue({
  value,
  emptyText,
  highlight,
}: {
  value: string | null;
  emptyText: string;
  highlight: boolean;
}) {
  if (!value) return <span className="text-sm text-muted">{emptyText}</span>;
  return (
    <code
      className={`block break-all rounded px-2 py-1 font-mono text-xs ${
        highlight
          ? "bg-violet-100 text-violet-950 ring-1 ring-violet-400 dark:bg-violet-950/60 dark:text-violet-100 dark:ring-violet-700"
          : "bg-subtle"
      }`}
    >
      {value}
    </code>
  );
}

export function ChecksumCompare({ localChecksum, appliedChecksum, mismatch }: ChecksumCompareProps) {
  return (
    <div className="space-y-3">
      <dl className="grid gap-3 sm:grid-cols-[max-content_1fr] sm:items-center">
        <dt className="text-sm font-medium">Local file</dt>
        <dd>
          <ChecksumValue
            value={localChecksum}
            emptyText="No local file (missing from the migrations source)"
            highlight={mismatch}
          />
        </dd>
        <dt className="text-sm font-medium">Recorded in the database</dt>
        <dd>
          <ChecksumValue value={appliedChecksum} emptyText="No attempt recorded" highlight={mismatch} />
        </dd>
      </dl>
      {mismatch ? (
        <p className="text-sm font-medium text-violet-800 dark:text-violet-300">
          <span aria-hidden="true">≠ </span>Checksums differ: migration.sql was edited after it was applied here. Prisma
          reports it as modified; the database still has what ran originally.
        </p>
      ) : localChecksum && appliedChecksum ? (
        <p className="text-sm text-emerald-800 dark:text-emerald-300">
          <span aria-hidden="true">✓ </span>Checksums match.
        </p>
      ) : null}
    </div>
  );
}
