// One fetch of a git source: the ref's tip, the commits since the one last examined (first parents, oldest
// first), and a release for each commit that changed the migrations folder, with its SHA, branch, author and
// message. One fetch per source at a time across every process (a lease in SQL, which a killed process loses
// when it expires); the releases are recorded under the source's row lock and keyed by commit, so a fetch that
// overlaps another (an expired lease) records nothing twice. What goes wrong is recorded on the source, never
// thrown at the scheduler: the database's releases are the truth, the clone cache can be rebuilt.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import type { BundleFiles } from "../environments/bundles";
import { RegistryError } from "../environments/errors";
import type { PrismaClient } from "../generated/prisma/client";
import { recordRelease } from "../releases/record-release";
import { shortLabel } from "../releases/release-files";
import { DEFAULT_REPO_MIGRATIONS_PATH } from "../environments/registry";
import { cacheDirOf, gitLimitsOf, type GitLimits, type GitSourceContext } from "./context";
import { openGitAccess, type GitAccess } from "./git-access";
import { toGitError } from "./git-errors";
import { openCredentials, type GitCredentials } from "./git-secrets";
import {
  GitContentError,
  listNewCommits,
  migrationsTreeAt,
  peelToCommit,
  readCommitInfo,
  readMigrationsTree,
  short,
  type CommitInfo,
  type ReadContext,
} from "./read-commits";
import { describeRef, parseRepository } from "./repository";
import type { GitFetchResultView, GitFetchedReleaseView } from "./views";

const OWNER = `${os.hostname()}:${process.pid}`;

export interface FetchTrigger {
  /** Who or what asked: "schedule", "webhook", "fetch now by ada@example.com"… (on the releases it records). */
  label: string;
}

export interface GitFetchOutcome extends GitFetchResultView {
  projectId: string;
}

/** Runs `work` with the fetch's deadline: its signal aborts every request and command of the fetch. */
async function withDeadline<T>(limits: GitLimits, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    return await Promise.race([
      work(controller.signal),
      new Promise<never>((_, reject) =>
        controller.signal.addEventListener("abort", () => {
          const error = new Error("deadline");
          error.name = "AbortError";
          reject(error);
        }),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface SourceSettings {
  projectId: string;
  repository: string;
  ref: string;
  migrationsPath: string;
  credentials: GitCredentials | null;
}

function accessOf(ctx: GitSourceContext, settings: SourceSettings, signal: AbortSignal, limits: GitLimits) {
  return openGitAccess({
    repository: parseRepository(settings.repository),
    credentials: settings.credentials,
    cacheDir: cacheDirOf(ctx, settings.projectId),
    sourceRoots: ctx.sourceRoots,
    signal,
    maxFetchBytes: limits.maxFetchBytes,
    policy: ctx.targetPolicy,
  });
}

export interface ProbedSource {
  fullRef: string;
  tip: CommitInfo;
  files: BundleFiles;
}

/**
 * Tests access before settings are saved: the remote answers with these credentials, has the ref, and the
 * migrations folder at its tip is one Runway can release. Throws a RegistryError (4xx) saying what failed.
 */
export async function probeGitSource(ctx: GitSourceContext, settings: SourceSettings): Promise<ProbedSource> {
  const limits = gitLimitsOf(ctx);
  try {
    return await withDeadline(limits, async (signal) => {
      const access = accessOf(ctx, settings, signal, limits);
      const remote = await access.lookup(settings.ref);
      const read: ReadContext = { gitdir: access.gitdir, cache: {} };
      const tip = await peelToCommit(read, await access.fetch(remote.fullRef, 1));
      const tree = await migrationsTreeAt(read, tip, settings.migrationsPath);
      const files = await readMigrationsTree(read, tree, settings.migrationsPath, limits.read);
      const info = await readCommitInfo(read, tip);
      return { fullRef: remote.fullRef, tip: info, files };
    });
  } catch (error) {
    if (error instanceof GitContentError)
      throw new RegistryError(
        "unprocessable",
        "git_migrations_invalid",
        `${error.message} (${settings.ref} of ${settings.repository.slice(0, 200)})`,
      );
    throw toGitError(error, limits.timeoutMs);
  }
}

type ReleaseRow = Awaited<ReturnType<typeof recordRelease>>["release"];

/** A commit's release, once: under the source's row lock, skipped when a release of that commit exists. */
export async function recordGitRelease(
  prisma: PrismaClient,
  projectId: string,
  files: BundleFiles,
  commit: CommitInfo,
  branch: string,
  trigger: FetchTrigger,
): Promise<{ release: ReleaseRow; created: boolean }> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "projectId" FROM "GitSource" WHERE "projectId" = ${projectId} FOR UPDATE`;
    const existing = await tx.release.findFirst({ where: { projectId, origin: "git", commitSha: commit.sha } });
    if (existing) return { release: existing, created: false };
    const recorded = await recordRelease(tx as unknown as PrismaClient, projectId, files, {
      origin: "git",
      commitSha: commit.sha,
      branch,
      author: commit.author,
      message: commit.message,
      createdBy: null,
      createdByLabel: `git ${trigger.label}`.slice(0, 255),
    });
    await tx.gitSource.updateMany({ where: { projectId }, data: { headSha: commit.sha } });
    return recorded;
  });
}

/** The lease: this process fetches the source until `fetchingUntil`; null when another fetch holds it. */
async function claimLease(prisma: PrismaClient, projectId: string, seconds: number, owner: string) {
  const claimed = await prisma.$queryRaw<Array<{ projectId: string }>>`
    UPDATE "GitSource"
       SET "fetchingUntil" = clock_timestamp() + make_interval(secs => ${seconds}), "fetchingBy" = ${owner}
     WHERE "projectId" = ${projectId} AND ("fetchingUntil" IS NULL OR "fetchingUntil" < clock_timestamp())
    RETURNING "projectId"`;
  return claimed.length === 1;
}

function outcome(projectId: string, started: number, fields: Partial<GitFetchResultView>): GitFetchOutcome {
  return {
    projectId,
    outcome: "fetched",
    releases: [],
    skipped: [],
    error: null,
    durationMs: Math.round(performance.now() - started),
    ...fields,
  };
}

/**
 * Fetches the source now. Never throws for what the remote or the repository did: the outcome says it, and the
 * source records it (`lastFetchError`, `headError`). `busy` when another fetch of the source is running.
 */
export async function fetchGitSource(
  ctx: GitSourceContext,
  projectId: string,
  trigger: FetchTrigger,
): Promise<GitFetchOutcome> {
  const started = performance.now();
  const limits = gitLimitsOf(ctx);
  const owner = `${OWNER}:${crypto.randomUUID()}`;
  const project = await ctx.prisma.project.findUnique({ where: { id: projectId }, include: { gitSource: true } });
  if (!project?.gitSource)
    throw new RegistryError("not_found", "git_source_not_found", "No such project, or its source is not git.");
  // The lease outlives the deadline a little: the fetch gives up before another may start.
  if (!(await claimLease(ctx.prisma, projectId, Math.ceil(limits.timeoutMs / 1000) + 30, owner)))
    return outcome(projectId, started, { outcome: "busy" });
  const source = project.gitSource;
  const migrationsPath = project.repoMigrationsPath ?? DEFAULT_REPO_MIGRATIONS_PATH;
  let found: Awaited<ReturnType<typeof examineCommits>> | null = null;
  let failure: string | null = null;
  try {
    const settings: SourceSettings = {
      projectId,
      repository: source.repository,
      ref: source.ref,
      migrationsPath,
      credentials: openCredentials(source.encryptedCredentials, ctx.secretKey, projectId),
    };
    const examine = () =>
      withDeadline(limits, (signal) =>
        examineCommits(ctx, accessOf(ctx, settings, signal, limits), settings, source, limits, trigger, signal),
      );
    try {
      found = await examine();
    } catch (error) {
      // A clone cache left damaged (a process killed mid-write): rebuilt once from the remote.
      if (!isCacheDamage(error) || parseRepository(source.repository).transport === "local") throw error;
      fs.rmSync(cacheDirOf(ctx, projectId), { recursive: true, force: true });
      found = await examine();
    }
  } catch (error) {
    failure = toGitError(error, limits.timeoutMs).message;
  } finally {
    // One statement: what the fetch found, and the lease given back (if it is still this fetch's).
    const ok = found !== null;
    await ctx.prisma.$executeRaw`
      UPDATE "GitSource"
         SET "headSha" = CASE WHEN ${ok}::boolean THEN ${found?.headSha ?? null}::text ELSE "headSha" END,
             "headError" = CASE WHEN ${ok}::boolean THEN ${found?.headError ?? null}::text ELSE "headError" END,
             "lastSuccessAt" = CASE WHEN ${ok}::boolean THEN clock_timestamp() ELSE "lastSuccessAt" END,
             "lastFetchAt" = clock_timestamp(),
             "lastFetchDurationMs" = ${Math.round(performance.now() - started)}::int,
             "lastFetchError" = ${ok ? null : (failure ?? "The fetch failed.")}::text,
             "fetchingUntil" = CASE WHEN "fetchingBy" = ${owner} THEN NULL ELSE "fetchingUntil" END,
             "fetchingBy" = CASE WHEN "fetchingBy" = ${owner} THEN NULL ELSE "fetchingBy" END
       WHERE "projectId" = ${projectId}`;
  }
  if (!found) return outcome(projectId, started, { outcome: "failed", error: failure });
  return outcome(projectId, started, { outcome: found.outcome, releases: found.releases, skipped: found.skipped });
}

const REMOTE_ERRORS = new Set(["HttpError", "UserCanceledError", "SmartHttpError", "EmptyServerResponseError"]);
const NETWORK =
  /^(ECONN|ENOTFOUND|EAI_|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|ERR_TLS|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO)/;

/**
 * Whether an error may come from the clone cache (an index cut short, a ref half written, a pack gone) rather than
 * from the remote or the repository's content: anything the remote or the content did not say.
 */
function isCacheDamage(error: unknown): boolean {
  if (error instanceof RegistryError || error instanceof GitContentError) return false;
  const e = error as { name?: string; code?: string };
  if (e.name === "AbortError" || REMOTE_ERRORS.has(e.code ?? "")) return false;
  return !NETWORK.test(e.code ?? "");
}

type SourceRow = {
  ref: string;
  headSha: string | null;
  headError: string | null;
};

async function examineCommits(
  ctx: GitSourceContext,
  access: GitAccess,
  settings: SourceSettings,
  source: SourceRow,
  limits: GitLimits,
  trigger: FetchTrigger,
  /** The deadline: checked between commits, so a fetch that gave up records nothing after it. */
  signal: AbortSignal,
): Promise<{
  outcome: "fetched" | "up_to_date";
  releases: GitFetchedReleaseView[];
  skipped: Array<{ sha: string; reason: string }>;
  headSha: string | null;
  headError: string | null;
}> {
  const remote = await access.lookup(source.ref);
  const unchanged = {
    outcome: "up_to_date" as const,
    releases: [],
    skipped: [],
    headSha: source.headSha,
    headError: source.headError,
  };
  if (remote.commit && remote.commit === source.headSha) return unchanged;
  const read: ReadContext = { gitdir: access.gitdir, cache: {} };
  const haveHead = source.headSha ? await hasCommit(read, source.headSha) : false;
  const depth = !source.headSha ? 1 : haveHead ? null : limits.rebuildDepth;
  const tip = await peelToCommit(read, await access.fetch(remote.fullRef, depth));
  if (tip === source.headSha) return unchanged;

  // A branch's commits since the last one seen each become a release; a tag that moved names one version only.
  const ref = describeRef(remote.fullRef);
  const since = ref.kind === "branch" ? source.headSha : null;
  const { commits, reachedSince } = await listNewCommits(read, tip, since, limits.walkCommits);
  let previousTree: string | null = null;
  if (source.headSha && reachedSince)
    previousTree = await migrationsTreeAt(read, source.headSha, settings.migrationsPath).catch(() => null);
  const branch = ref.name;
  const releases: GitFetchedReleaseView[] = [];
  const skipped: Array<{ sha: string; reason: string }> = [];
  let headError = source.headError;
  for (const commit of commits) {
    signal.throwIfAborted();
    const firstLine = commit.message.split("\n")[0].slice(0, 100);
    const refuse = (error: GitContentError) => {
      headError = `Commit ${short(commit.sha)} (${firstLine}) was not released: ${error.message}`;
      skipped.push({ sha: commit.sha, reason: error.message });
    };
    let tree: string;
    try {
      tree = await migrationsTreeAt(read, commit.sha, settings.migrationsPath);
    } catch (error) {
      if (!(error instanceof GitContentError)) throw error;
      refuse(error);
      previousTree = null;
      continue;
    }
    // The same folder (a commit that changed something else): nothing to release, and its state stays as it was.
    if (tree === previousTree) continue;
    previousTree = tree;
    let files: BundleFiles;
    try {
      files = await readMigrationsTree(read, tree, settings.migrationsPath, limits.read);
    } catch (error) {
      if (!(error instanceof GitContentError)) throw error;
      refuse(error);
      continue;
    }
    headError = null;
    const recorded = await recordGitRelease(ctx.prisma, settings.projectId, files, commit, branch, trigger);
    if (recorded.created)
      releases.push({
        number: recorded.release.number,
        label: shortLabel(recorded.release),
        commitSha: commit.sha,
        message: commit.message,
      });
  }
  return { outcome: "fetched", releases, skipped, headSha: tip, headError };
}

async function hasCommit(read: ReadContext, sha: string): Promise<boolean> {
  try {
    await readCommitInfo(read, sha);
    return true;
  } catch {
    return false;
  }
}
