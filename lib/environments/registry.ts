// Projects, migration sources and environments in Runway's own database. Database URLs are encrypted here and
// decrypted only by getEnvironmentTarget and getEnvironmentTargets.
import crypto from "node:crypto";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { parseDatabaseUrl } from "../migrations/database-url";
import { MigrateError } from "../migrations/errors";
import { readMigrationHistory } from "../migrations/history";
import { decryptSecret, encryptSecret, SecretIntegrityError } from "../server/secrets";
import { computeBundleChecksum, validateBundleFiles, type BundleFiles } from "./bundles";
import { RegistryError, UndecryptableEnvironmentError } from "./errors";
import { saveSourceExtras, sourceColumns, validateProjectSource, type ProjectSource } from "./project-sources";
import type { BundleCreatedView, TestConnectionResult } from "../api/responses";
import type { SourceKind } from "../api/sources";
import { toGitSourceView } from "../git-source/git-source-view";
import type { CreateEnvironmentInput, CreateProjectInput } from "../api/schemas";
import type { EnvironmentView, ProjectView } from "./views";

export interface RegistryContext {
  prisma: PrismaClient;
  secretKey: Buffer;
  /** Folders that folder sources must lie under (RUNWAY_SOURCE_ROOTS); unset: anywhere (tests, benchmarks). */
  sourceRoots?: string[];
}

/** Runway's client or a transaction's. */
export type RegistryDb = PrismaClient | Prisma.TransactionClient;

type EnvironmentRow = Awaited<ReturnType<PrismaClient["environment"]["findFirstOrThrow"]>> & {
  project: { name: string };
};

export function toEnvironmentView(row: EnvironmentRow, schemaFromUrl: string): EnvironmentView {
  return {
    id: row.id,
    projectId: row.projectId,
    projectName: row.project.name,
    name: row.name,
    position: row.position,
    isProtected: row.isProtected,
    urlDisplay: row.urlDisplay,
    schema: row.schema ?? schemaFromUrl,
    connectTimeoutMs: row.connectTimeoutMs,
    statementTimeoutMs: row.statementTimeoutMs,
  };
}

/** The URL with the schema override applied as Prisma's `?schema=`. */
export function applySchema(url: string, schema: string | null | undefined): string {
  if (!schema) return url;
  parseDatabaseUrl(url); // a URL of the wrong kind is P1013 (400), never a TypeError
  const parsed = new URL(url.trim());
  parsed.searchParams.set("schema", schema);
  return parsed.toString();
}

/** How a URL is shown: no password, no query. */
export function displayWithoutSecrets(url: string): { display: string; schema: string } {
  const parsed = parseDatabaseUrl(url);
  const display = new URL(parsed.display);
  display.search = "";
  return { display: display.toString(), schema: parsed.schema };
}

/** Where Prisma keeps migrations in a repository unless the project says otherwise. */
export const DEFAULT_REPO_MIGRATIONS_PATH = "prisma/migrations";

export async function createProject(
  ctx: RegistryContext,
  input: CreateProjectInput,
  actorId: string | null,
): Promise<ProjectView> {
  const name = input.name.trim();
  await refuseTakenProjectName(ctx.prisma, name);
  // A git project's first fetch and its webhook secret (answered once) are createGitProject's.
  if (input.source.kind === "git") throw new Error("git projects are created by createGitProject (lib/git-source)");
  const source = input.source as ProjectSource;
  validateProjectSource(source, ctx.sourceRoots);
  const project = await ctx.prisma.$transaction(async (tx) => {
    const created = await tx.project.create({
      data: {
        name,
        ...sourceColumns(source),
        repoMigrationsPath: normalizeRepoMigrationsPath(input.repoMigrationsPath),
      },
    });
    await saveSourceExtras(tx, created.id, source, actorId);
    return created;
  });
  return findProjectView(ctx.prisma, project.id);
}

/** A relative repository path without trailing slashes; empty or null: the default (stored as null). */
export function normalizeRepoMigrationsPath(value: string | null | undefined): string | null {
  return value?.trim().replace(/\/+$/, "") || null;
}

/** Names are unique among projects that are not removed (a removed project's name is free again). */
export async function refuseTakenProjectName(db: RegistryDb, name: string, exceptId?: string): Promise<void> {
  const taken = await db.project.findFirst({
    where: { name, archivedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (taken) throw projectNameTaken(name);
}

export function projectNameTaken(name: string): RegistryError {
  return new RegistryError("conflict", "project_exists", `A project named "${name}" already exists.`);
}

/** Stores a new version of an upload project's migrations; earlier versions stay as they were. */
export async function uploadBundle(
  ctx: RegistryContext,
  projectId: string,
  files: BundleFiles,
  actorId: string | null,
): Promise<Omit<BundleCreatedView, "release">> {
  const project = await ctx.prisma.project.findFirst({ where: { id: projectId, archivedAt: null } });
  if (!project) throw projectNotFound();
  if (project.sourceKind !== "upload")
    throw new RegistryError(
      "conflict",
      "not_an_upload_project",
      "This project reads its migrations from a folder on the server.",
    );
  const { migrationCount } = validateBundleFiles(files);
  const checksum = computeBundleChecksum(files);
  // Serializable + retry: two uploads at once must not both become version N.
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.prisma.$transaction(async (tx) => {
        const latest = await tx.migrationBundle.findFirst({ where: { projectId }, orderBy: { version: "desc" } });
        const bundle = await tx.migrationBundle.create({
          data: {
            projectId,
            version: (latest?.version ?? 0) + 1,
            files,
            checksum,
            migrationCount,
            uploadedById: actorId,
          },
        });
        return { version: bundle.version, checksum, migrationCount };
      });
    } catch (error) {
      if (attempt < 3 && (error as { code?: string }).code === "P2002") continue;
      throw error;
    }
  }
}

const PROJECT_VIEW_INCLUDE = {
  _count: { select: { environments: { where: { archivedAt: null } } } },
  bundles: {
    orderBy: { version: "desc" },
    take: 1,
    select: { version: true, checksum: true, migrationCount: true, createdAt: true },
  },
  gitSource: true,
} satisfies Prisma.ProjectInclude;

type ProjectRow = Prisma.ProjectGetPayload<{ include: typeof PROJECT_VIEW_INCLUDE }>;

function toProjectView(p: ProjectRow): ProjectView {
  return {
    id: p.id,
    name: p.name,
    sourceKind: p.sourceKind,
    folderPath: p.folderPath,
    repoMigrationsPath: p.repoMigrationsPath ?? DEFAULT_REPO_MIGRATIONS_PATH,
    latestBundle: p.bundles[0] ? { ...p.bundles[0], createdAt: p.bundles[0].createdAt.toISOString() } : null,
    environmentCount: p._count.environments,
    git: p.gitSource ? toGitSourceView(p.gitSource, p.repoMigrationsPath ?? DEFAULT_REPO_MIGRATIONS_PATH) : null,
    enforcePromotion: p.enforcePromotion,
  };
}

/** Projects that are not removed, by name. */
export async function listProjects(ctx: RegistryContext): Promise<ProjectView[]> {
  const projects = await ctx.prisma.project.findMany({
    where: { archivedAt: null },
    orderBy: { name: "asc" },
    include: PROJECT_VIEW_INCLUDE,
  });
  return projects.map(toProjectView);
}

/** One project (not removed) as the routes return it; inside a transaction, as that transaction sees it. */
export async function findProjectView(db: RegistryDb, id: string): Promise<ProjectView> {
  const row = await db.project.findFirst({ where: { id, archivedAt: null }, include: PROJECT_VIEW_INCLUDE });
  if (!row) throw projectNotFound();
  return toProjectView(row);
}

export function projectNotFound(): RegistryError {
  return new RegistryError("not_found", "project_not_found", "No such project.");
}

export type ConnectionCheck = TestConnectionResult;
export type { CreateEnvironmentInput, CreateProjectInput };

/** Reads the target once, as the status page would: proves the URL, credentials and schema work. */
export async function testConnection(
  url: string,
  options: { connectTimeoutMs?: number; statementTimeoutMs?: number } = {},
): Promise<ConnectionCheck> {
  const history = await readMigrationHistory(url, options);
  return {
    ok: true,
    serverVersion: history.serverVersion,
    hasMigrationsTable: history.hasMigrationsTable,
    migrationCount: new Set(history.rows.map((r) => r.migrationName)).size,
  };
}

export async function createEnvironment(
  ctx: RegistryContext,
  input: CreateEnvironmentInput,
  options: { testConnection: boolean } = { testConnection: true },
): Promise<EnvironmentView> {
  const project = await ctx.prisma.project.findFirst({ where: { id: input.projectId, archivedAt: null } });
  if (!project) throw projectNotFound();
  const name = input.name.trim();
  await refuseTakenEnvironmentName(ctx.prisma, { id: project.id, name: project.name }, name);
  const url = applySchema(input.databaseUrl.trim(), input.schema);
  const { display, schema } = displayWithoutSecrets(url); // throws P1013 for a URL of the wrong kind
  const connectTimeoutMs = input.connectTimeoutMs ?? 5000;
  const statementTimeoutMs = input.statementTimeoutMs ?? 10000;
  if (options.testConnection) await testBeforeSaving(url, { connectTimeoutMs, statementTimeoutMs });
  const id = crypto.randomUUID();
  const position = input.position ?? (await nextPosition(ctx.prisma, project.id));
  try {
    const row = await ctx.prisma.environment.create({
      data: {
        id,
        projectId: project.id,
        name,
        position,
        encryptedUrl: encryptSecret(url, ctx.secretKey, id),
        urlDisplay: display,
        schema: input.schema || null,
        isProtected: input.isProtected ?? false,
        connectTimeoutMs,
        statementTimeoutMs,
      },
      include: { project: { select: { name: true } } },
    });
    return toEnvironmentView(row, schema);
  } catch (error) {
    // Two admins adding the same name at once: the partial unique index decides.
    if (isUniqueViolation(error)) throw environmentNameTaken(project.name, name);
    throw error;
  }
}

/** After the last environment of the project (removed ones do not count). */
async function nextPosition(db: RegistryDb, projectId: string): Promise<number> {
  const last = await db.environment.aggregate({
    where: { projectId, archivedAt: null },
    _max: { position: true },
  });
  return last._max.position === null ? 0 : last._max.position + 1;
}

/** Environment names are unique within a project among those not removed. */
export async function refuseTakenEnvironmentName(
  db: RegistryDb,
  project: { id: string; name: string },
  name: string,
  exceptId?: string,
): Promise<void> {
  const taken = await db.environment.findFirst({
    where: { projectId: project.id, name, archivedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (taken) throw environmentNameTaken(project.name, name);
}

export function environmentNameTaken(projectName: string, name: string): RegistryError {
  return new RegistryError(
    "conflict",
    "environment_exists",
    `${projectName} already has an environment named "${name}".`,
  );
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "P2002";
}

/**
 * Reads the target once with the timeouts it will be used with; a failure becomes 422 "nothing was saved" (the
 * target policy's refusal keeps its own status and code).
 */
export async function testBeforeSaving(
  url: string,
  options: { connectTimeoutMs: number; statementTimeoutMs: number },
): Promise<ConnectionCheck> {
  try {
    return await testConnection(url, options);
  } catch (error) {
    if (error instanceof MigrateError && error.code !== "RW_TARGET_REFUSED")
      throw new RegistryError(
        "unprocessable",
        error.code,
        `Connection test failed, nothing was saved: ${error.message}`,
        { cause: error },
      );
    throw error;
  }
}

export async function listEnvironments(ctx: RegistryContext): Promise<EnvironmentView[]> {
  const rows = await ctx.prisma.environment.findMany({
    where: { archivedAt: null },
    include: { project: { select: { name: true } } },
    orderBy: [{ project: { name: "asc" } }, { position: "asc" }, { name: "asc" }],
  });
  return rows.map((row) => toEnvironmentView(row, schemaOf(ctx, row)));
}

/** The schema an environment reads: its override, else the URL's `?schema=`, else public. */
export function schemaOf(
  ctx: RegistryContext,
  row: { id: string; schema: string | null; encryptedUrl: string },
): string {
  if (row.schema) return row.schema;
  try {
    return parseDatabaseUrl(decryptSecret(row.encryptedUrl, ctx.secretKey, row.id)).schema;
  } catch {
    return "public";
  }
}

export interface EnvironmentTarget {
  environment: EnvironmentView;
  /** The decrypted URL with the schema applied. Server-only: never serialise it. */
  url: string;
  project: {
    id: string;
    name: string;
    sourceKind: SourceKind;
    folderPath: string | null;
    repoMigrationsPath: string;
    /** A git source's last examined commit: its releases change with it (part of the source cache's key). */
    gitHead: string | null;
  };
}

export async function getEnvironmentTarget(ctx: RegistryContext, id: string): Promise<EnvironmentTarget> {
  const row = await ctx.prisma.environment.findFirst({ where: { id, archivedAt: null }, include: TARGET_INCLUDE });
  if (!row) throw environmentNotFound();
  return toEnvironmentTarget(ctx, row);
}

/**
 * getEnvironmentTarget for several environments in one query (an overview needs all of them at once): for each id,
 * its target or the error getEnvironmentTarget would have thrown for it, so one bad row does not fail the others.
 */
export async function getEnvironmentTargets(
  ctx: RegistryContext,
  ids: string[],
): Promise<Map<string, PromiseSettledResult<EnvironmentTarget>>> {
  const rows = await ctx.prisma.environment.findMany({
    where: { id: { in: [...new Set(ids)] }, archivedAt: null },
    include: TARGET_INCLUDE,
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const results = new Map<string, PromiseSettledResult<EnvironmentTarget>>();
  for (const id of ids) {
    const row = byId.get(id);
    try {
      if (!row) throw environmentNotFound();
      results.set(id, { status: "fulfilled", value: toEnvironmentTarget(ctx, row) });
    } catch (reason) {
      results.set(id, { status: "rejected", reason });
    }
  }
  return results;
}

export function environmentNotFound(): RegistryError {
  return new RegistryError("not_found", "environment_not_found", "No such environment.");
}

const TARGET_INCLUDE = { project: { include: { gitSource: { select: { headSha: true } } } } } as const;

type TargetRow = Awaited<ReturnType<PrismaClient["environment"]["findFirstOrThrow"]>> & {
  project: Awaited<ReturnType<PrismaClient["project"]["findFirstOrThrow"]>> & {
    gitSource: { headSha: string | null } | null;
  };
};

function toEnvironmentTarget(ctx: RegistryContext, row: TargetRow): EnvironmentTarget {
  const project = {
    id: row.project.id,
    name: row.project.name,
    sourceKind: row.project.sourceKind,
    folderPath: row.project.folderPath,
    repoMigrationsPath: row.project.repoMigrationsPath ?? DEFAULT_REPO_MIGRATIONS_PATH,
    gitHead: row.project.gitSource?.headSha ?? null,
  };
  let decrypted: string;
  try {
    decrypted = decryptSecret(row.encryptedUrl, ctx.secretKey, row.id);
  } catch (error) {
    if (!(error instanceof SecretIntegrityError)) throw error;
    console.error(`[runway] environment ${row.id} (${row.name}): cannot decrypt its URL: ${error.message}`);
    throw new UndecryptableEnvironmentError(toEnvironmentView(row, row.schema ?? "public"), project, error);
  }
  const url = applySchema(decrypted, row.schema);
  return { environment: toEnvironmentView(row, parseDatabaseUrl(url).schema), url, project };
}
