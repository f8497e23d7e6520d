// What the action functions need: Runway's state, the key that decrypts URLs, and the job queue.
import type { RegistryContext } from "../environments/registry";
import { getEnvironmentTarget } from "../environments/registry";
import { loadMigrationsSource } from "../environments/sources";
import { loadEnvironmentAcknowledgedEdits } from "../environments/acknowledged-edits";
import { readMigrationStatus } from "../migrations/status";
import type { ShadowProvider } from "../migrations/engine";
import type { MigrationsFolder } from "../migrations/types";
import { findOpenAction } from "./open-action";
import { loadReleaseFolder } from "../releases/release-folder";
import { computePreflightAgainstTarget } from "./preflight";
import type { ActionKind, PreflightView } from "./views";

export interface ActionsContext extends RegistryContext {
  /** Hands an action to the job queue (pg-boss); a worker in any dashboard process runs it. */
  enqueue(actionId: string): Promise<void>;
  /** Called when an action may have changed an environment (drop cached status). */
  onEnvironmentChanged?(environmentId: string): void;
  /** Called when a protected environment's request starts waiting for a second person (notifications). */
  onApprovalRequested?(actionId: string): void;
  /** How long a protected environment's request waits for a second person (default 30 minutes). */
  approvalTtlMs?: number;
  /** Shadow databases for the deploy dry run (lib/schema); without it a deploy gets no dry run. */
  shadow?: ShadowProvider;
}

const EMPTY_FOLDER: MigrationsFolder = { dir: "", migrations: [], lockfile: null, problems: [] };

/** The environment's state read now (never from the cache): what guards and the runner decide on. */
export async function readFreshState(ctx: RegistryContext, environmentId: string) {
  const target = await getEnvironmentTarget(ctx, environmentId);
  const [source, acknowledged] = await Promise.all([
    loadMigrationsSource(ctx, target.project),
    loadEnvironmentAcknowledgedEdits(ctx.prisma, environmentId),
  ]);
  const status = await readMigrationStatus(
    target.url,
    source.folder ?? EMPTY_FOLDER,
    {
      connectTimeoutMs: target.environment.connectTimeoutMs,
      statementTimeoutMs: target.environment.statementTimeoutMs,
    },
    acknowledged,
  );
  return { target, folder: source.folder, status, releases: source.releases, acknowledged };
}

export type FreshState = Awaited<ReturnType<typeof readFreshState>>;

/**
 * The state to deploy a chosen release on: the same target read against that release's migrations (the guard on
 * what the operator saw stays on the source's state; this is what the preflight and the engine then use).
 */
export async function readReleaseState(
  ctx: RegistryContext,
  state: FreshState,
  releaseNumber: number,
  releaseChecksum: string | null,
): Promise<FreshState & { release: { number: number; checksum: string } }> {
  const { release, folder } = await loadReleaseFolder(
    ctx.prisma,
    state.target.project.id,
    releaseNumber,
    releaseChecksum,
  );
  const status = await readMigrationStatus(
    state.target.url,
    folder,
    {
      connectTimeoutMs: state.target.environment.connectTimeoutMs,
      statementTimeoutMs: state.target.environment.statementTimeoutMs,
    },
    state.acknowledged,
  );
  return {
    target: state.target,
    folder,
    status,
    releases: state.releases,
    acknowledged: state.acknowledged,
    release: { number: release.number, checksum: release.checksum },
  };
}

/**
 * The preflight of an action on a state just read: the one place its arguments are assembled, for the preflight
 * route (what the dialog shows) and for requestAction (what the request is checked against).
 */
export async function preflightOnState(
  ctx: RegistryContext & { shadow?: ShadowProvider },
  { target, folder, status }: FreshState,
  kind: ActionKind,
  migrationName: string | null,
): Promise<PreflightView> {
  return computePreflightAgainstTarget({
    url: target.url,
    connectTimeoutMs: target.environment.connectTimeoutMs,
    kind,
    migrationName: kind === "deploy" ? null : migrationName,
    environment: target.environment,
    status,
    folder,
    openAction: await findOpenAction(ctx.prisma, target.environment.id),
    shadow: ctx.shadow,
  });
}
