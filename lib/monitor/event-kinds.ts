// The kinds of event the monitor records (and notifications subscribe to), defined once.
export const EVENT_KINDS = [
  "failed",
  "blocked",
  "in_progress",
  "unreachable",
  "drifted",
  "diverged",
  "recovered",
  "deployed",
  "resolved",
  "source_changed",
  "approval_requested",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** What protected environments notify every channel of, without a subscription. */
export const PROTECTED_DEFAULT_KINDS: readonly EventKind[] = ["failed", "blocked", "approval_requested"];

/** Healths that are a problem: entering one is an event, leaving them all is "recovered". */
export const TROUBLE_HEALTHS = ["unreachable", "blocked", "in_progress", "diverged", "drifted"] as const;

export function isEventKind(value: string): value is EventKind {
  return (EVENT_KINDS as readonly string[]).includes(value);
}
