// The JSON contract of the activity feed and the deploy facts. Types only: safe for client components.
import type { EventKind } from "./event-kinds";

export interface EventView {
  id: string;
  at: string;
  environmentId: string;
  environmentName: string;
  projectId: string;
  projectName: string;
  kind: EventKind;
  message: string;
  fromHealth: string | null;
  toHealth: string | null;
  migrations: string[];
  /** deploys: through a Runway action or made outside (CLI, CI) */
  via: "runway" | "outside" | null;
  actionId: string | null;
  requestedBy: string | null;
  approvedBy: string | null;
}

export interface EventPageView {
  events: EventView[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: string | null;
}

export interface LastDeployView {
  at: string;
  via: "runway" | "outside";
  requestedBy: string | null;
  approvedBy: string | null;
  migrations: string[];
  actionId: string | null;
}

export interface DeployFactsView {
  /** environment id → its last deploy seen (null: none yet) */
  environments: Record<string, LastDeployView | null>;
}
