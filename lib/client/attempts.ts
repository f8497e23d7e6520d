// Per-attempt facts the timeline shows, derived from the migration views (the API classifies migrations,
// not individual attempts).
import type { AttemptView, MigrationView } from "@/lib/environments/views";
import type { MigrationState } from "@/lib/migrations/types";

export interface TimelineEntry {
  migration: MigrationView;
  attempt: AttemptView;
  /** The attempt that decides the migration's state (the applied one, else the newest). */
  isDeciding: boolean;
}

function isDecidingAttempt(migration: MigrationView, attempt: AttemptView): boolean {
  if (migration.startedAt) return attempt.startedAt === migration.startedAt;
  return migration.attempts.at(-1)?.id === attempt.id;
}

/** What happened to this one attempt, in the shared state vocabulary. */
export function decideAttemptState(
  migration: MigrationView,
  attempt: AttemptView,
  isDeciding: boolean,
): MigrationState {
  if (attempt.rolledBackAt) return "rolled_back";
  if (attempt.finishedAt) return attempt.markedApplied ? "applied_manually" : "applied";
  return migration.state === "in_progress" && isDeciding ? "in_progress" : "failed";
}

/** Every attempt of every migration, newest first (ties: by name, so the order is stable between polls). */
export function buildTimeline(migrations: MigrationView[]): TimelineEntry[] {
  const entries = migrations.flatMap((migration) =>
    migration.attempts.map((attempt) => ({ migration, attempt, isDeciding: isDecidingAttempt(migration, attempt) })),
  );
  return entries.sort((a, b) => {
    const byTime = Date.parse(b.attempt.startedAt) - Date.parse(a.attempt.startedAt);
    return byTime !== 0 ? byTime : b.migration.name.localeCompare(a.migration.name);
  });
}

/** Migrations the next `migrate deploy` would run, in the order it would run them. */
export function listUpcoming(migrations: MigrationView[]): MigrationView[] {
  return migrations.filter((m) => m.willApplyOnDeploy).sort((a, b) => a.name.localeCompare(b.name));
}
