// Creating and changing a git source: every setting that decides what is read (repository, ref, credentials,
// migrations path) is tested against the remote before it is saved, and the tip's migrations become the first
// release. The webhook secret is made here and answered once; credentials are sealed to the project.
import crypto from "node:crypto";
import fs from "node:fs";
import type { CreateProjectInput } from "../api/schemas";
import type { GitSourceInput, GitSourceUpdateInput } from "../api/git-source-schemas";
import { RegistryError } from "../environments/errors";
import {
  DEFAULT_REPO_MIGRATIONS_PATH,
  listProjects,
  projectNameTaken,
  refuseTakenProjectName,
} from "../environments/registry";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { ProjectView } from "../environments/views";
import { recordRelease } from "../releases/record-release";
import { cacheDirOf, DEFAULT_GIT_INTERVAL_SECONDS, type GitSourceContext } from "./context";
import { probeGitSource, type ProbedSource, type SourceSettings } from "./fetch-git-source";
import { findLocalGitdir } from "./git-access";
import {
  credentialKindOf,
  generateWebhookSecret,
  openCredentials,
  openWebhookSecret,
  sealCredentials,
  sealWebhookSecret,
  type GitCredentials,
} from "./git-secrets";
import { toGitSourceView } from "./git-source-view";
import { describeRef, parseRepository } from "./repository";
import { sshTransportAvailable } from "./ssh-fetch";
import type { GitSourceView } from "./views";

type GitSourceInputOf<T> = T extends { kind: "git" } ? T : never;
export type CreateGitProjectInput = CreateProjectInput & { source: GitSourceInputOf<CreateProjectInput["source"]> };

function normalisePath(path: string | null | undefined): string {
  return path?.trim().replace(/\/+$/, "") || DEFAULT_REPO_MIGRATIONS_PATH;
}

/** A loopback host: a token sent there over plain http never crosses a network. */
const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|::1)$/i;

/**
 * Refusals that need no network: the URL's shape, a token that would cross the network unencrypted (http:// to
 * another host), ssh without git installed, a path outside the roots.
 */
function checkRepository(ctx: GitSourceContext, repository: string, credentials: GitCredentials | null): void {
  const parsed = parseRepository(repository);
  if (parsed.transport === "http" && credentials && !LOOPBACK_HOST.test(parsed.host ?? ""))
    throw new RegistryError(
      "unprocessable",
      "git_credentials_over_http",
      "A token would be sent unencrypted over http://: use the repository's https:// URL, or no token.",
    );
  if (parsed.transport === "ssh" && !sshTransportAvailable())
    throw new RegistryError(
      "unprocessable",
      "git_ssh_unavailable",
      "ssh repositories need git and ssh installed on the Runway server, and they are not: use the https URL with a token instead.",
    );
  if (parsed.transport === "local") findLocalGitdir(parsed.location, ctx.sourceRoots);
}

function credentialsOf(input: GitCredentials | null | undefined): GitCredentials | null {
  if (!input) return null;
  return input.kind === "https"
    ? { kind: "https", username: input.username?.trim() || null, token: input.token }
    : { kind: "ssh", privateKey: input.privateKey };
}

function commitMeta(probed: ProbedSource, label: string) {
  return {
    origin: "git" as const,
    commitSha: probed.tip.sha,
    branch: describeRef(probed.fullRef).name,
    author: probed.tip.author,
    message: probed.tip.message,
    createdBy: null,
    createdByLabel: label,
  };
}

/** A git source planned (its access tested) and written by `apply` inside the caller's transaction. */
export interface GitSourcePlan {
  apply(tx: Prisma.TransactionClient): Promise<void>;
  /** Made with the plan, for the caller to answer once; null when the source keeps its secret. */
  webhookSecret: string | null;
  /** Removes what the probe left on disk, when the caller's transaction fails. */
  discard(): void;
}

/**
 * A git source for a project that has none yet (a new project, or one switched to git): access is tested first
 * (refs listed, the migrations folder read at the ref's tip), then `apply` writes the source, its webhook secret
 * (returned once) and the tip's release. The project row itself is the caller's.
 */
export async function planGitSourceCreation(
  ctx: GitSourceContext,
  projectId: string,
  source: GitSourceInput,
  repoMigrationsPath: string | null | undefined,
): Promise<GitSourcePlan> {
  const repository = parseRepository(source.repository).location;
  const credentials = credentialsOf(source.credentials as GitCredentials | null | undefined);
  checkRepository(ctx, repository, credentials);
  const migrationsPath = normalisePath(repoMigrationsPath);
  const discard = () => fs.rmSync(cacheDirOf(ctx, projectId), { recursive: true, force: true });
  let probed: ProbedSource;
  try {
    probed = await probeGitSource(ctx, { projectId, repository, ref: source.ref, migrationsPath, credentials });
  } catch (error) {
    discard();
    throw error;
  }
  const webhookSecret = generateWebhookSecret();
  return {
    webhookSecret,
    discard,
    async apply(tx) {
      await tx.gitSource.create({
        data: {
          projectId,
          repository,
          ref: probed.fullRef,
          credentialKind: credentialKindOf(credentials),
          encryptedCredentials: credentials ? sealCredentials(credentials, ctx.secretKey, projectId) : null,
          encryptedWebhookSecret: sealWebhookSecret(webhookSecret, ctx.secretKey, projectId),
          intervalSeconds: source.intervalSeconds ?? ctx.gitIntervalSeconds ?? DEFAULT_GIT_INTERVAL_SECONDS,
          headSha: probed.tip.sha,
          lastFetchAt: new Date(),
          lastSuccessAt: new Date(),
        },
      });
      await recordRelease(
        tx as unknown as PrismaClient,
        projectId,
        probed.files,
        commitMeta(probed, "git: source set"),
      );
    },
  };
}

/** POST /api/projects with a git source: the project, its first release, and the webhook secret (shown once). */
export async function createGitProject(
  ctx: GitSourceContext,
  input: CreateGitProjectInput,
): Promise<{ project: ProjectView; webhookSecret: string }> {
  const name = input.name.trim();
  await refuseTakenProjectName(ctx.prisma, name);
  const id = crypto.randomUUID();
  const plan = await planGitSourceCreation(ctx, id, input.source, input.repoMigrationsPath);
  try {
    await ctx.prisma.$transaction(async (tx) => {
      await tx.project.create({
        data: {
          id,
          name,
          sourceKind: "git",
          repoMigrationsPath: input.repoMigrationsPath ? normalisePath(input.repoMigrationsPath) : null,
        },
      });
      await plan.apply(tx);
    });
  } catch (error) {
    plan.discard();
    if ((error as { code?: string }).code === "P2002") throw projectNameTaken(name);
    throw error;
  }
  const project = (await listProjects(ctx)).find((p) => p.id === id)!;
  return { project, webhookSecret: plan.webhookSecret! };
}

async function loadSource(prisma: PrismaClient, projectId: string) {
  const project = await prisma.project.findFirst({
    where: { id: projectId, archivedAt: null },
    include: { gitSource: true },
  });
  if (!project) throw new RegistryError("not_found", "project_not_found", "No such project.");
  if (!project.gitSource)
    throw new RegistryError("conflict", "not_a_git_project", `${project.name} does not read its migrations from git.`);
  return { project, source: project.gitSource };
}

export async function readGitSourceView(prisma: PrismaClient, projectId: string): Promise<GitSourceView> {
  const { project, source } = await loadSource(prisma, projectId);
  return toGitSourceView(source, normalisePath(project.repoMigrationsPath));
}

/**
 * Changes a git project's settings (for the project edit route): the new settings are tested against the remote
 * first, and nothing is saved when that fails. A new repository, ref or path restarts the history from its tip
 * (its migrations are a release when they differ from the newest). Returns before and after for the audit
 * (views: no secret).
 */
export async function updateGitSource(
  ctx: GitSourceContext,
  projectId: string,
  patch: GitSourceUpdateInput & { migrationsPath?: string | null },
): Promise<{ before: GitSourceView; after: GitSourceView }> {
  const { before, plan } = await planGitSourceUpdate(ctx, projectId, patch);
  await ctx.prisma.$transaction((tx) => plan.apply(tx));
  const after = await readGitSourceView(ctx.prisma, projectId);
  return { before, after };
}

/** updateGitSource's test of the new settings, and what writes them inside the caller's transaction. */
export async function planGitSourceUpdate(
  ctx: GitSourceContext,
  projectId: string,
  patch: GitSourceUpdateInput & { migrationsPath?: string | null },
): Promise<{ before: GitSourceView; plan: GitSourcePlan }> {
  const { project, source } = await loadSource(ctx.prisma, projectId);
  const before = toGitSourceView(source, normalisePath(project.repoMigrationsPath));
  const repository = patch.repository !== undefined ? parseRepository(patch.repository).location : source.repository;
  const ref = patch.ref ?? source.ref;
  const migrationsPath = patch.migrationsPath !== undefined ? normalisePath(patch.migrationsPath) : before.path;
  const credentials =
    patch.credentials === undefined
      ? openCredentials(source.encryptedCredentials, ctx.secretKey, projectId)
      : credentialsOf(patch.credentials as GitCredentials | null);
  const moved = repository !== source.repository || ref !== source.ref || migrationsPath !== before.path;
  const reaccess = moved || patch.credentials !== undefined;
  let probed: ProbedSource | null = null;
  if (reaccess) {
    checkRepository(ctx, repository, credentials);
    if (repository !== source.repository) fs.rmSync(cacheDirOf(ctx, projectId), { recursive: true, force: true });
    const settings: SourceSettings = { projectId, repository, ref, migrationsPath, credentials };
    probed = await probeGitSource(ctx, settings);
  }
  async function apply(tx: Prisma.TransactionClient) {
    await tx.$queryRaw`SELECT "projectId" FROM "GitSource" WHERE "projectId" = ${projectId} FOR UPDATE`;
    if (patch.migrationsPath !== undefined)
      await tx.project.update({
        where: { id: projectId },
        data: { repoMigrationsPath: patch.migrationsPath ? migrationsPath : null },
      });
    await tx.gitSource.update({
      where: { projectId },
      data: {
        repository,
        ref: probed?.fullRef ?? ref,
        intervalSeconds: patch.intervalSeconds ?? source.intervalSeconds,
        ...(patch.intervalSeconds !== undefined ? { claimedSlot: -1 } : {}),
        ...(patch.credentials !== undefined
          ? {
              credentialKind: credentialKindOf(credentials),
              encryptedCredentials: credentials ? sealCredentials(credentials, ctx.secretKey, projectId) : null,
            }
          : {}),
        ...(moved && probed
          ? { headSha: probed.tip.sha, headError: null, lastFetchError: null, lastSuccessAt: new Date() }
          : {}),
      },
    });
    if (moved && probed)
      await recordRelease(
        tx as unknown as PrismaClient,
        projectId,
        probed.files,
        commitMeta(probed, "git: source changed"),
      );
  }
  return { before, plan: { apply, webhookSecret: null, discard: () => {} } };
}

/**
 * A project that stops reading git (removed, or switched to a folder or an upload): its settings go with the
 * transaction; call forgetGitCache once it committed.
 */
export async function dropGitSource(tx: Prisma.TransactionClient, projectId: string): Promise<void> {
  await tx.gitSource.deleteMany({ where: { projectId } });
}

/** A new webhook secret (the old one stops working at once), answered once. */
export async function regenerateWebhookSecret(
  ctx: GitSourceContext,
  projectId: string,
): Promise<{ secret: string; createdAt: Date; before: Date }> {
  const { source } = await loadSource(ctx.prisma, projectId);
  const secret = generateWebhookSecret();
  const createdAt = new Date();
  await ctx.prisma.gitSource.update({
    where: { projectId },
    data: {
      encryptedWebhookSecret: sealWebhookSecret(secret, ctx.secretKey, projectId),
      webhookSecretCreatedAt: createdAt,
    },
  });
  return { secret, createdAt, before: source.webhookSecretCreatedAt };
}

/**
 * What a git source keeps outside the database — its clone cache and pinned ssh host keys — removed, for when the
 * project is removed or stops reading git (its GitSource row goes with the project).
 */
export function forgetGitCache(ctx: GitSourceContext, projectId: string): void {
  const cache = cacheDirOf(ctx, projectId);
  fs.rmSync(cache, { recursive: true, force: true });
  fs.rmSync(`${cache}.known_hosts`, { force: true });
}

/** The webhook secret and the ref a push must be to, for the webhook route; null when the project has no git source. */
export async function readWebhookTarget(
  ctx: GitSourceContext,
  projectId: string,
): Promise<{ secret: string; ref: string } | null> {
  const source = await ctx.prisma.gitSource.findUnique({ where: { projectId } });
  if (!source) return null;
  return { secret: openWebhookSecret(source.encryptedWebhookSecret, ctx.secretKey, projectId), ref: source.ref };
}
