// Whether a failed (or failed, then rolled back) migration's file is still the one that failed. Prisma stores the
// file's checksum with every attempt, so "unchanged" is exact: deploying it again runs the very script that failed,
// over the same database, and fails the same way unless the database changed. The runbook's order follows from it:
// mark rolled back, then ship a fixed version, then deploy.
import { checksumMatches } from "./checksum";
import type { ClassifiedMigration } from "./types";

export type SinceFailure = "unchanged" | "changed";

/** null: not a failed or rolled-back migration, or no local file to compare. */
export function compareWithFailedAttempt(m: ClassifiedMigration): SinceFailure | null {
  if (!m.local || !m.current || (m.state !== "failed" && m.state !== "rolled_back")) return null;
  const failed = m.current; // failed: the unfinished attempt; rolled_back: the newest attempt
  return failed.checksum === m.local.checksum || checksumMatches(failed.checksum, m.local.sql)
    ? "unchanged"
    : "changed";
}
