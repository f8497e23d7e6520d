// After an admin changed the registry: what this process cached about it is dropped at once (other processes'
// caches expire within RUNWAY_STATUS_TTL_MS), and a new target is read and checked for drift now.
import "server-only";
import type { EnvironmentUpdate } from "../environments/edit-environment";
import { readEnvironmentSoon } from "./oncall-runtime";
import { startDriftCheck } from "./schema-runtime";
import { getStatusService } from "./services";

export function afterEnvironmentUpdate(update: EnvironmentUpdate): void {
  if (!update.changed) return;
  const id = update.environment.id;
  // Renamed or pointed elsewhere: the last known state (old name, old database) is not shown while it is read again.
  getStatusService().invalidate(id, { forget: true });
  if (!update.targetChanged) return;
  readEnvironmentSoon(id);
  void startDriftCheck(id).catch(() => {});
}

/** A project renamed, its source changed, environments reordered or removed: every status may show it. */
export function afterRegistryChange(): void {
  getStatusService().invalidate();
}
