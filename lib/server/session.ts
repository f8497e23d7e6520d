// Who is calling: the signed-in user behind the next-auth session, re-read from the database each time.
import "server-only";
import { getServerSession } from "next-auth";
import type { SessionUserView } from "../environments/views";
import { getAuthOptions } from "./auth-options";
import { getPrisma } from "./db";
import { toSessionUser } from "./users";

export async function getSessionUser(): Promise<SessionUserView | null> {
  const session = await getServerSession(getAuthOptions());
  const id = (session?.user as { id?: unknown } | undefined)?.id;
  if (typeof id !== "string") return null;
  const user = await getPrisma().user.findUnique({ where: { id } });
  if (!user || user.disabledAt) return null;
  return toSessionUser(user);
}
