"use client";
// "12 seconds ago", kept fresh by one shared clock; the exact time is in the tooltip. The server render (and the
// first client render) show the absolute time, so hydration never mismatches on "now".
import { useSyncExternalStore } from "react";
import { formatExact, formatRelative, formatTimestamp } from "@/lib/client/format";

const TICK_MS = 5_000;
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function subscribeToClock(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((notify) => notify());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const readClock = () => now;
const readServerClock = () => null;

interface RelativeTimeProps {
  iso: string | null | undefined;
  /** Shown when there is no time (e.g. "never"). */
  fallback?: string;
  className?: string;
}

export function RelativeTime({ iso, fallback = "—", className }: RelativeTimeProps) {
  const current = useSyncExternalStore(subscribeToClock, readClock, readServerClock);
  if (!iso) return <span className={className}>{fallback}</span>;
  return (
    <time dateTime={iso} title={formatExact(iso)} className={className}>
      {current === null ? formatTimestamp(iso) : formatRelative(iso, current)}
    </time>
  );
}
