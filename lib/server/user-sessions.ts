// Server-side sessions behind the next-auth JWT: the cookie carries a session id, and every request checks the
// row is neither revoked nor expired, so sign-out (and disabling, role or password changes) ends a session at
// once instead of when the JWT expires.
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { SessionUserView } from "../environments/views";
import { toSessionUser } from "./users";

export type SessionRevocation = "sign_out" | "disabled" | "role_changed" | "password_changed";

type Db = PrismaClient | Prisma.TransactionClient;

export async function createUserSession(db: Db, userId: string, maxAgeSeconds: number): Promise<string> {
  const row = await db.userSession.create({ data: { userId, expiresAt: new Date(Date.now() + maxAgeSeconds * 1000) } });
  return row.id;
}

/** The user of a live session, or null (unknown, revoked, expired, another user's, disabled account). */
export async function readSessionUser(
  db: Db,
  claims: { sessionId: string; userId: string },
): Promise<SessionUserView | null> {
  const row = await db.userSession.findUnique({ where: { id: claims.sessionId }, include: { user: true } });
  if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return null;
  if (row.userId !== claims.userId || row.user.disabledAt) return null;
  return toSessionUser(row.user);
}

export async function revokeUserSession(db: Db, sessionId: string, reason: SessionRevocation): Promise<void> {
  await db.userSession.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
}

/** Ends every session of a user (disabled, role or password changed); returns how many were live. */
export async function revokeUserSessions(db: Db, userId: string, reason: SessionRevocation): Promise<number> {
  const { count } = await db.userSession.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
  return count;
}
