// Creating and changing a git source: every setting that decides what is read (repository, ref, credentials,
// migrations path) is tested against the remote before it is saved, and the tip's migrations become the first
// release. The webhook secret is made here and answered once; credentials are sealed to the project.
import crypto from "node:crypto";
import fs from "node:fs";
import type { CreateProjectInput } from "../api/schemas";
import type { GitSourceUpdateInput } from "../api/git-source-schemas";
import { RegistryError } from "../environments/errors";
import { DEFAULT_REPO_MIGRATIONS_PATH, listProjects } from "../environments/registry";
import type { PrismaClient } from "../generated/prisma/client";
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

/** Refusals that need no network: the URL's shape, ssh without git installed, a path outside the roots. */
function checkRepository(ctx: GitSourceContext, repository: string): void {
  const parsed = parseRepository(repository);
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

/** POST /api/projects with a git source: the project, its first release, and the webhook secret (shown once). */
export async function createGitProject(
  ctx: GitSourceContext,
  input: CreateGitProjectInput,
): Promise<{ project: ProjectView; webhookSecret: string }> {
  const name = input.name.trim();
  if (await ctx.prisma.project.findUnique({ where: { name } }))
    throw new RegistryError("conflict", "project_exists", `A project named "${name}" already exists.`);
  const source = input.source;
  const repository = parseRepository(source.repository).location;
  checkRepository(ctx, repository);
  const id = crypto.randomUUID();
  const credentials = credentialsOf(source.credentials as GitCredentials | null | undefined);
  const migrationsPath = normalisePath(input.repoMigrationsPath);
  let probed: ProbedSource;
  try {
    probed = await probeGitSource(ctx, { projectId: id, repository, ref: source.ref, migrationsPath, credentials });
  } catch (error) {
    fs.rmSync(cacheDirOf(ctx, id), { recursive: true, force: true });
    throw error;
  }
  const webhookSecret = generateWebhookSecret();
  try {
    await ctx.prisma.$transaction(async (tx) => {
      await tx.project.create({
        data: { id, name, sourceKind: "git", repoMigrationsPath: input.repoMigrationsPath ? migrationsPath : null },
      });
      await tx.gitSource.create({
        data: {
          projectId: id,
          repository,
          ref: probed.fullRef,
          credentialKind: credentialKindOf(credentials),
          encryptedCredentials: credentials ? sealCredentials(credentials, ctx.secretKey, id) : null,
          encryptedWebhookSecret: sealWebhookSecret(webhookSecret, ctx.secretKey, id),
          intervalSeconds: source.intervalSeconds ?? ctx.gitIntervalSeconds ?? DEFAULT_GIT_INTERVAL_SECONDS,
          headSha: probed.tip.sha,
          lastFetchAt: new Date(),
          lastSuccessAt: new Date(),
        },
      });
      await recordRelease(tx as unknown as PrismaClient, id, probed.files, commitMeta(probed, "git: project created"));
    });
  } catch (error) {
    fs.rmSync(cacheDirOf(ctx, id), { recursive: true, force: true });
    if ((error as { code?: string }).code === "P2002")
      throw new RegistryError("conflict", "project_exists", `A project named "${name}" already exists.`);
    throw error;
  }
  const project = (await listProjects(ctx)).find((p) => p.id === id)!;
  return { project, webhookSecret };
}

async function loadSource(prisma: PrismaClient, projectId: string) {
  const project = await prisma.project.findUnique({ where: { id: projectId }, include: { gitSource: true } });
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
    checkRepository(ctx, repository);
    if (repository !== source.repository) fs.rmSync(cacheDirOf(ctx, projectId), { recursive: true, force: true });
    const settings: SourceSettings = { projectId, repository, ref, migrationsPath, credentials };
    probed = await probeGitSource(ctx, settings);
  }
  await ctx.prisma.$transaction(async (tx) => {
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
  });
  const after = await readGitSourceView(ctx.prisma, projectId);
  return { before, after };
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
