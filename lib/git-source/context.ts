// What git sources need beyond the registry: where clones are cached, the bounds of a fetch, the policy for
// remote hosts. Every field is optional, so any RegistryContext is one (tests and benchmarks pass their own).
import os from "node:os";
import path from "node:path";
import type { RegistryContext } from "../environments/registry";
import type { TargetPolicy } from "../migrations/target-policy";
import { DEFAULT_READ_LIMITS, type ReadLimits } from "./read-commits";

export interface GitLimits {
  /** The deadline of one fetch, from the first request to the last file read. */
  timeoutMs: number;
  /** Bytes a remote may send in one fetch (RUNWAY_GIT_MAX_FETCH_MB). */
  maxFetchBytes: number;
  /** Commits walked back from the tip looking for the last one seen; beyond, only the tip is released. */
  walkCommits: number;
  /** How deep a lost clone cache is fetched again, so the commits since the last one seen can be walked. */
  rebuildDepth: number;
  read: ReadLimits;
}

export const DEFAULT_GIT_LIMITS: GitLimits = {
  timeoutMs: 120_000,
  maxFetchBytes: 100 * 1024 * 1024,
  walkCommits: 500,
  rebuildDepth: 100,
  read: DEFAULT_READ_LIMITS,
};

export const DEFAULT_GIT_INTERVAL_SECONDS = 60;

export interface GitSourceContext extends RegistryContext {
  /** RUNWAY_DATA_DIR/git: one bare clone per source; it can always be rebuilt from the remote. */
  gitCacheDir?: string;
  gitLimits?: Partial<GitLimits>;
  /** RUNWAY_GIT_FETCH_INTERVAL_S: the interval of a source created without one. */
  gitIntervalSeconds?: number;
  /** The target policy for git hosts (default: the process's, from RUNWAY_TARGET_ALLOW/DENY). */
  targetPolicy?: TargetPolicy;
}

export function gitLimitsOf(ctx: GitSourceContext): GitLimits {
  return { ...DEFAULT_GIT_LIMITS, ...ctx.gitLimits, read: { ...DEFAULT_READ_LIMITS, ...ctx.gitLimits?.read } };
}

export function cacheDirOf(ctx: GitSourceContext, projectId: string): string {
  return path.join(ctx.gitCacheDir ?? path.join(os.tmpdir(), "runway-git"), `${projectId}.git`);
}
