// The kinds of event the monitor records (and notifications subscribe to), defined once: the type, the zod enum
// and the check come from this tuple.
import { z } from "zod";

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

export const eventKindSchema = z.enum(EVENT_KINDS);

export function isEventKind(value: string): value is EventKind {
  return (EVENT_KINDS as readonly string[]).includes(value);
}
