// Server pages: every page checks the session and the role on the server before rendering anything.
import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { Role, SessionUserView } from "../environments/views";
import { hasRole } from "../api/roles";
import { getSessionUser } from "./session";

export async function getOptionalPageUser(): Promise<SessionUserView | null> {
  return getSessionUser();
}

export async function requirePageUser(minRole: Role = "viewer"): Promise<SessionUserView> {
  const user = await getSessionUser();
  if (!user) {
    const path = (await headers()).get("x-runway-path") ?? "/";
    redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  }
  if (!hasRole(user.role, minRole)) forbidden();
  return user;
}
