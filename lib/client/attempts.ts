// Per-attempt facts the timeline shows, derived from the migration views (the API classifies migrations,
// not individual attempts).
import type { AttemptView, MigrationView } from "@/lib/environments/views";
import { decideAttemptState, isDecidingAttempt } from "@/lib/environments/attempt-state";

export { decideAttemptState };

export interface TimelineEntry {
  migration: MigrationView;
  attempt: AttemptView;
  /** The attempt that decides the migration's state (the applied one, else the newest). */
  isDeciding: boolean;
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
