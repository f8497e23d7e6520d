"use client";
// "12 seconds ago", kept fresh by the shared clock; the exact time (local with its zone, and UTC) is in the
// tooltip. The server render (and the first client render) show the time itself, so hydration never mismatches
// on "now".
import { formatExact, formatRelative, formatTime } from "@/lib/client/format";
import { useNow } from "./clock";

interface RelativeTimeProps {
  iso: string | null | undefined;
  /** Shown when there is no time (e.g. "never"). */
  fallback?: string;
  className?: string;
}

export function RelativeTime({ iso, fallback = "—", className }: RelativeTimeProps) {
  const now = useNow();
  if (!iso) return <span className={className}>{fallback}</span>;
  return (
    <time dateTime={iso} title={formatExact(iso)} className={className} suppressHydrationWarning>
      {now === null ? formatTime(iso, null) : formatRelative(iso, now)}
    </time>
  );
}
