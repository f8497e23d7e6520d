// The one question most users ask, "what state is this database in?", answered from a folder and a URL.
import { classifyMigrations } from "./classify";
import { readMigrationHistory, type ReadHistoryOptions } from "./history";
import type { AcknowledgedEdits, ClassifiedHistory, MigrationHistory, MigrationsFolder } from "./types";

export interface MigrationStatus extends ClassifiedHistory {
  history: MigrationHistory;
}

export async function readMigrationStatus(
  url: string,
  folder: MigrationsFolder,
  options: ReadHistoryOptions = {},
  acknowledged?: AcknowledgedEdits,
): Promise<MigrationStatus> {
  const history = await readMigrationHistory(url, options);
  return { ...classifyMigrations(folder.migrations, history, acknowledged), history };
}
