// Compares a reading of an environment with the previous one and says what changed, as events. Pure: the
// health and the per-migration states are the whole input, so a new health (e.g. "drifted") is an event as is.
import type { EnvironmentStatusView } from "../environments/views";
import { TROUBLE_HEALTHS, type EventKind } from "./event-kinds";
import { APPLIED_STATES } from "../migrations/types";

export interface MonitorSnapshot {
  health: string;
  /** migration name → state, from the last reading that reached the database */
  states: Record<string, string>;
  errorCode: string | null;
  checkedAt: string;
}

export interface DerivedEvent {
  kind: EventKind;
  fromHealth: string | null;
  toHealth: string;
  message: string;
  migrations: string[];
}

const isTrouble = (health: string | null | undefined) =>
  !!health && (TROUBLE_HEALTHS as readonly string[]).includes(health);

export function toSnapshot(status: EnvironmentStatusView, previous: MonitorSnapshot | null): MonitorSnapshot {
  return {
    health: status.health,
    // An unreachable reading knows nothing of the migrations: keep the last known ones to compare with later.
    states: status.reachable
      ? Object.fromEntries(status.migrations.map((m) => [m.name, m.state]))
      : (previous?.states ?? {}),
    errorCode: status.error?.code ?? null,
    checkedAt: status.checkedAt,
  };
}

const HEALTH_MESSAGE: Record<string, (name: string, status: EnvironmentStatusView) => string> = {
  unreachable: (name, s) => `${name} is unreachable: ${s.error?.title ?? "the database could not be read"}.`,
  blocked: (name, s) => `${name} is blocked: ${s.blockedMessage ?? "migrate deploy would refuse (P3009)"}.`,
  in_progress: (name) => `${name}: a migration is in progress (a session holds Prisma's lock).`,
  diverged: (name) => `${name} has diverged from the migrations folder.`,
  drifted: (name) => `${name} has drifted: its schema differs from what its migrations produce.`,
};

export function deriveEvents(previous: MonitorSnapshot | null, status: EnvironmentStatusView): DerivedEvent[] {
  const name = `${status.environment.projectName}/${status.environment.name}`;
  const from = previous?.health ?? null;
  const to = status.health;
  const events: DerivedEvent[] = [];
  const add = (kind: EventKind, message: string, migrations: string[] = []) =>
    events.push({ kind, fromHealth: from, toHealth: to, message, migrations });

  if (status.reachable && previous) {
    const before = previous.states;
    const now = Object.fromEntries(status.migrations.map((m) => [m.name, m.state]));
    const newlyFailed = Object.keys(now).filter((m) => now[m] === "failed" && before[m] !== "failed");
    const deployed = Object.keys(now).filter(
      (m) =>
        now[m] === "applied" && before[m] !== undefined && !APPLIED_STATES.has(before[m]) && before[m] !== "failed",
    );
    const resolved = Object.keys(now).filter(
      (m) => before[m] === "failed" && now[m] !== "failed" && now[m] !== "in_progress",
    );
    const arrived = Object.keys(now).filter(
      (m) => before[m] === undefined && (now[m] === "pending" || now[m] === "applied"),
    );
    const arrivedPending = arrived.filter((m) => now[m] === "pending");
    const arrivedApplied = arrived.filter((m) => now[m] === "applied");
    if (newlyFailed.length > 0)
      add(
        "failed",
        `${name}: ${newlyFailed.join(", ")} failed${status.blocked ? "; deploys are blocked (P3009)" : ""}.`,
        newlyFailed,
      );
    const allDeployed = [...deployed, ...arrivedApplied].sort();
    if (allDeployed.length > 0)
      add(
        "deployed",
        `${name}: deployed ${allDeployed.length} migration(s), up to ${allDeployed.at(-1)}.`,
        allDeployed,
      );
    if (resolved.length > 0)
      add(
        "resolved",
        `${name}: ${resolved.map((m) => `${m} marked ${now[m] === "rolled_back" ? "rolled back" : "applied"}`).join(", ")}.`,
        resolved,
      );
    if (arrivedPending.length > 0)
      add(
        "source_changed",
        `${name}: ${arrivedPending.length} new migration(s) pending: ${arrivedPending.join(", ")}.`,
        arrivedPending,
      );
  }
  if (to !== from) {
    // A new failure already says the environment is blocked: one event, not two.
    const saidBlocked = to === "blocked" && events.some((e) => e.kind === "failed");
    if (isTrouble(to) && !saidBlocked) add(to as EventKind, HEALTH_MESSAGE[to]?.(name, status) ?? `${name} is ${to}.`);
    else if (!isTrouble(to) && isTrouble(from))
      add("recovered", `${name} recovered: ${to.replaceAll("_", " ")} (was ${from!.replaceAll("_", " ")}).`);
  }
  return events;
}
