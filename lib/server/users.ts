// Accounts of Runway's own users: sign-in checks and the first admin.
import type { PrismaClient } from "../generated/prisma/client";
import type { AdminUserView } from "../api/responses";
import type { Role, SessionUserView } from "../environments/views";
import { RegistryError } from "../environments/errors";
import { generatePassword, hashPassword, verifyPassword } from "./passwords";

export function toSessionUser(user: { id: string; email: string; name: string | null; role: Role }): SessionUserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The user for an email + password, or null (unknown, disabled, wrong password: one answer for all). */
export async function authenticateUser(prisma: PrismaClient, email: string, password: string): Promise<SessionUserView | null> {
  const user = await prisma.user.findUnique({ where: { email: normalizeEmail(email) } });
  const valid = await verifyPassword(password, user?.passwordHash);
  if (!user || !valid || user.disabledAt) return null;
  return toSessionUser(user);
}

export interface FirstAdminResult {
  created: boolean;
  email: string;
  /** Set only when Runway generated the password: print it once, never store it in clear. */
  generatedPassword: string | null;
}

/**
 * Makes sure an admin exists. RUNWAY_ADMIN_EMAIL/PASSWORD create (or re-activate) that admin; without them, the
 * first start creates admin@runway.local with a generated password that the caller prints once.
 */
export async function ensureFirstAdmin(
  prisma: PrismaClient,
  configured: { email?: string; password?: string },
): Promise<FirstAdminResult | null> {
  if (configured.email && configured.password) {
    const email = normalizeEmail(configured.email);
    const existing = await prisma.user.findUnique({ where: { email } });
    if (existing) {
      if (existing.role !== "admin" || existing.disabledAt)
        await prisma.user.update({ where: { email }, data: { role: "admin", disabledAt: null } });
      return { created: false, email, generatedPassword: null };
    }
    await prisma.user.create({ data: { email, role: "admin", passwordHash: await hashPassword(configured.password) } });
    return { created: true, email, generatedPassword: null };
  }
  if ((await prisma.user.count({ where: { role: "admin", disabledAt: null } })) > 0) return null;
  const email = "admin@runway.local";
  const password = generatePassword();
  await prisma.user.upsert({
    where: { email },
    create: { email, name: "Runway admin", role: "admin", passwordHash: await hashPassword(password) },
    update: { role: "admin", disabledAt: null, passwordHash: await hashPassword(password) },
  });
  return { created: true, email, generatedPassword: password };
}

export type UserListItem = AdminUserView;

export async function listUsers(prisma: PrismaClient): Promise<UserListItem[]> {
  const users = await prisma.user.findMany({ orderBy: { email: "asc" } });
  return users.map((u) => ({ ...toSessionUser(u), createdAt: u.createdAt.toISOString(), disabled: u.disabledAt !== null }));
}

export async function createUser(
  prisma: PrismaClient,
  input: { email: string; name?: string | null; password: string; role: Role },
): Promise<UserListItem> {
  const email = normalizeEmail(input.email);
  if (await prisma.user.findUnique({ where: { email } }))
    throw new RegistryError("conflict", "user_exists", `A user with the email ${email} already exists.`);
  const user = await prisma.user.create({
    data: { email, name: input.name ?? null, role: input.role, passwordHash: await hashPassword(input.password) },
  });
  return { ...toSessionUser(user), createdAt: user.createdAt.toISOString(), disabled: false };
}

/** Changes a role or disables an account; never leaves Runway without an active admin. */
export async function updateUser(prisma: PrismaClient, id: string, change: { role?: Role; disabled?: boolean }): Promise<UserListItem> {
  const user = await prisma.user.findUnique({ where: { id } });
  if (!user) throw new RegistryError("not_found", "user_not_found", "No such user.");
  const losesAdmin = user.role === "admin" && !user.disabledAt && ((change.role && change.role !== "admin") || change.disabled === true);
  if (losesAdmin && (await prisma.user.count({ where: { role: "admin", disabledAt: null } })) <= 1)
    throw new RegistryError("conflict", "last_admin", "This is the last active admin: make someone else admin first.");
  const updated = await prisma.user.update({
    where: { id },
    data: {
      role: change.role,
      disabledAt: change.disabled === undefined ? undefined : change.disabled ? (user.disabledAt ?? new Date()) : null,
    },
  });
  return { ...toSessionUser(updated), createdAt: updated.createdAt.toISOString(), disabled: updated.disabledAt !== null };
}
