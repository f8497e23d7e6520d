// Who is calling: the signed-in user behind the next-auth session, re-read from the database each time, and only
// while the server-side session it points to is live (not signed out, revoked or expired).
import "server-only";
import { getServerSession } from "next-auth";
import type { SessionUserView } from "../environments/views";
import { getAuthOptions } from "./auth-options";
import { getPrisma } from "./db";
import { readSessionUser } from "./user-sessions";

export async function getSessionUser(): Promise<SessionUserView | null> {
  const session = await getServerSession(getAuthOptions());
  const userId = (session?.user as { id?: unknown } | undefined)?.id;
  const sessionId = (session as { sid?: unknown } | null)?.sid;
  if (typeof userId !== "string" || typeof sessionId !== "string") return null;
  return readSessionUser(getPrisma(), { sessionId, userId });
}
