// Per-attempt facts derived from the migration views (the core classifies migrations, not individual attempts).
// Pure, client-safe: the history route and the migration page use the same rule.
import type { MigrationState } from "../migrations/types";
import type { AttemptView, MigrationView } from "./views";

/** What happened to this one attempt, in the shared state vocabulary. */
export function decideAttemptState(
  migration: Pick<MigrationView, "state">,
  attempt: Pick<AttemptView, "rolledBackAt" | "finishedAt" | "markedApplied">,
  isDeciding: boolean,
): MigrationState {
  if (attempt.rolledBackAt) return "rolled_back";
  if (attempt.finishedAt) return attempt.markedApplied ? "applied_manually" : "applied";
  return migration.state === "in_progress" && isDeciding ? "in_progress" : "failed";
}

/** The attempt that decides the migration's state (the applied one, else the newest). */
export function isDecidingAttempt(
  migration: Pick<MigrationView, "startedAt" | "attempts">,
  attempt: Pick<AttemptView, "id" | "startedAt">,
): boolean {
  if (migration.startedAt) return attempt.startedAt === migration.startedAt;
  return migration.attempts.at(-1)?.id === attempt.id;
}
