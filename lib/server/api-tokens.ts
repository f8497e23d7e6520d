// API tokens for scripts and CI: `rw_<random>`, shown once, stored as SHA-256, each with a role and an expiry.
import "server-only";
import crypto from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../actions/actor";
import type { ApiTokenView } from "../api/responses";
import type { Role } from "../environments/views";
import { RegistryError } from "../environments/errors";
import { hasRole, type TokenRole } from "../api/roles";

const PREFIX = "rw_";

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export type { ApiTokenView };

type TokenRow = Awaited<ReturnType<PrismaClient["apiToken"]["findFirstOrThrow"]>>;

function toView(row: TokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    role: row.releaseOnly ? "release" : row.role,
    projectIds: row.releaseProjectIds,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revoked: row.revokedAt !== null,
  };
}

/** Creates a token; the clear value is returned once and never stored. */
export async function createApiToken(
  prisma: PrismaClient,
  input: { name: string; role: TokenRole; expiresAt: Date | null; projectIds?: string[] },
  createdById: string | null,
): Promise<{ token: string; view: ApiTokenView }> {
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now())
    throw new RegistryError("invalid", "expiry_in_past", "The expiry date is in the past.");
  if (!createdById)
    throw new RegistryError("invalid", "token_needs_owner", "A token acts for a person: create it while signed in.");
  const releaseOnly = input.role === "release";
  const projectIds = releaseOnly ? [...new Set(input.projectIds ?? [])] : [];
  if (releaseOnly && projectIds.length === 0)
    throw new RegistryError("invalid", "release_token_projects", "A release token needs at least one project.");
  if (
    projectIds.length > 0 &&
    (await prisma.project.count({ where: { id: { in: projectIds }, archivedAt: null } })) !== projectIds.length
  )
    throw new RegistryError("invalid", "release_token_projects", "A release token names projects that do not exist.");
  const token = PREFIX + crypto.randomBytes(32).toString("base64url");
  const row = await prisma.apiToken.create({
    data: {
      name: input.name,
      // A release token reads nothing: the wrapper refuses it everywhere but the push route.
      role: releaseOnly ? "viewer" : (input.role as Role),
      releaseOnly,
      releaseProjectIds: projectIds,
      tokenHash: hashToken(token),
      expiresAt: input.expiresAt,
      createdById,
    },
  });
  return { token, view: toView(row) };
}

export async function listApiTokens(prisma: PrismaClient): Promise<ApiTokenView[]> {
  return (await prisma.apiToken.findMany({ orderBy: { createdAt: "desc" } })).map(toView);
}

export async function revokeApiToken(prisma: PrismaClient, id: string): Promise<ApiTokenView> {
  const row = await prisma.apiToken.findUnique({ where: { id } });
  if (!row) throw new RegistryError("not_found", "token_not_found", "No such token.");
  return toView(await prisma.apiToken.update({ where: { id }, data: { revokedAt: row.revokedAt ?? new Date() } }));
}

/** A token never has more rights than its owner has now: the lower of the two roles. */
function effectiveRole(tokenRole: Role, ownerRole: Role): Role {
  return hasRole(ownerRole, tokenRole) ? tokenRole : ownerRole;
}

/**
 * The actor behind `Authorization: Bearer rw_…`, or null for an unknown, revoked or expired token, and for a
 * token whose owner is disabled or gone (it acts for its owner, so it cannot outlive them).
 */
export async function authenticateApiToken(prisma: PrismaClient, token: string): Promise<Actor | null> {
  if (!token.startsWith(PREFIX)) return null;
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { createdBy: true },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null;
  if (!row.createdBy || row.createdBy.disabledAt) return null;
  // Best effort: a lost update of lastUsedAt is harmless.
  void prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  const actor: Actor = {
    key: `token:${row.id}`,
    label: `token ${row.name}`,
    role: effectiveRole(row.role, row.createdBy.role),
    userId: row.createdById,
  };
  // Pushing a release is an operator's change: a release token whose owner is no longer one stops working.
  if (row.releaseOnly)
    return hasRole(row.createdBy.role, "operator") ? { ...actor, releaseProjectIds: row.releaseProjectIds } : null;
  return actor;
}
