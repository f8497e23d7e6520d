// What the overview shows of an environment's stored drift check (a few fields, no SQL).
import type { DriftSummaryView } from "./views";

export interface StoredDriftSummary {
  status: string;
  key: string;
  drifted: boolean | null;
  changes: unknown;
  replayFailures: unknown;
  finishedAt: Date | null;
}

export function toDriftSummary(row: StoredDriftSummary | null, fingerprint: string | null): DriftSummaryView | null {
  if (!row) return null;
  const changes = Array.isArray(row.changes) ? row.changes : [];
  return {
    status: row.status as DriftSummaryView["status"],
    current: fingerprint !== null && row.key === fingerprint,
    drifted: row.drifted,
    changeCount: changes.length + (Array.isArray(row.replayFailures) ? row.replayFailures.length : 0),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
