// The monitor's event kinds (defined once in lib/api/events.ts) and what it derives from them.
import type { EventKind } from "../api/events";

export { EVENT_KINDS, isEventKind, type EventKind } from "../api/events";

/** What protected environments notify every channel of, without a subscription. */
export const PROTECTED_DEFAULT_KINDS: readonly EventKind[] = ["failed", "blocked", "approval_requested"];

/** Healths that are a problem: entering one is an event, leaving them all is "recovered". */
export const TROUBLE_HEALTHS = ["unreachable", "blocked", "in_progress", "diverged", "drifted"] as const;
