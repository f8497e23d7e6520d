// An absolute timestamp (local time, to the second) with the full instant in the tooltip.
import { formatExact, formatTimestamp } from "@/lib/client/format";

export function ExactTime({ iso, fallback = "—" }: { iso: string | null | undefined; fallback?: string }) {
  if (!iso) return <span className="text-muted">{fallback}</span>;
  return (
    <time dateTime={iso} title={formatExact(iso)} className="tabular-nums">
      {formatTimestamp(iso)}
    </time>
  );
}
