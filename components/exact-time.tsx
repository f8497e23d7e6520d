"use client";
// A time, by the one rule (lib/client/format.ts): local time with its zone named, the date unless it is today, the
// UTC instant in the tooltip.
import { formatExact, formatTime } from "@/lib/client/format";
import { useToday } from "./clock";

export function ExactTime({ iso, fallback = "—" }: { iso: string | null | undefined; fallback?: string }) {
  const today = useToday();
  if (!iso) return <span className="text-muted">{fallback}</span>;
  return (
    // The server and the reader may be in different zones: the client's rendering wins.
    <time dateTime={iso} title={formatExact(iso)} className="tabular-nums" suppressHydrationWarning>
      {formatTime(iso, today)}
    </time>
  );
}
