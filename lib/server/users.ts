// Accounts of Runway's own users: sign-in checks and the first admin.
import type { Actor, RequestOrigin } from "../actions/actor";
import { recordAudit } from "../audit/record-audit";
import type { PrismaClient } from "../generated/prisma/client";
import type { AdminUserView } from "../api/responses";
import type { Role, SessionUserView } from "../environments/views";
import { RegistryError } from "../environments/errors";
import { generatePassword, hashPassword, verifyPassword } from "./passwords";

/** Who made an admin change and from where, for the audit log. */
export interface AuditedBy {
  actor: Actor;
  origin: RequestOrigin | null;
}

export function toSessionUser(user: { id: string; email: string; name: string | null; role: Role }): SessionUserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The user for an email + password, or null (unknown, disabled, wrong password: one answer for all). */
export async function authenticateUser(
  prisma: PrismaClient,
  email: string,
  password: string,
): Promise<SessionUserView | null> {
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
  const admin = await prisma.user.upsert({
    where: { email },
    create: { email, name: "Runway admin", role: "admin", passwordHash: await hashPassword(password) },
    update: { role: "admin", disabledAt: null, passwordHash: await hashPassword(password) },
  });
  // A new password ends the sessions opened with the old one.
  await prisma.userSession.updateMany({
    where: { userId: admin.id, revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: "password_changed" },
  });
  return { created: true, email, generatedPassword: password };
}

export type UserListItem = AdminUserView;

export async function listUsers(prisma: PrismaClient): Promise<UserListItem[]> {
  const users = await prisma.user.findMany({ orderBy: { email: "asc" } });
  return users.map((u) => ({
    ...toSessionUser(u),
    createdAt: u.createdAt.toISOString(),
    disabled: u.disabledAt !== null,
  }));
}

function toListItem(user: {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  createdAt: Date;
  disabledAt: Date | null;
}): UserListItem {
  return { ...toSessionUser(user), createdAt: user.createdAt.toISOString(), disabled: user.disabledAt !== null };
}

/** What the audit log keeps of a user: never the password hash. */
function auditedUser(user: UserListItem) {
  return { email: user.email, name: user.name, role: user.role, disabled: user.disabled };
}

export async function createUser(
  prisma: PrismaClient,
  input: { email: string; name?: string | null; password: string; role: Role },
  by?: AuditedBy,
): Promise<UserListItem> {
  const email = normalizeEmail(input.email);
  if (await prisma.user.findUnique({ where: { email } }))
    throw new RegistryError("conflict", "user_exists", `A user with the email ${email} already exists.`);
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    const created = toListItem(
      await tx.user.create({ data: { email, name: input.name ?? null, role: input.role, passwordHash } }),
    );
    if (by)
      await recordAudit(tx, {
        event: "user_created",
        actor: by.actor,
        outcome: "accepted",
        arguments: { userId: created.id, before: null, after: auditedUser(created) },
        origin: by.origin,
      });
    return created;
  });
}

/**
 * Changes a role or disables an account; never leaves Runway without an active admin. A role change or a
 * disabled account ends the user's sessions (they sign in again with what they now are).
 */
export async function updateUser(
  prisma: PrismaClient,
  id: string,
  change: { role?: Role; disabled?: boolean },
  by?: AuditedBy,
): Promise<UserListItem> {
  const user = await prisma.user.findUnique({ where: { id } });
  if (!user) throw new RegistryError("not_found", "user_not_found", "No such user.");
  const losesAdmin =
    user.role === "admin" && !user.disabledAt && ((change.role && change.role !== "admin") || change.disabled === true);
  if (losesAdmin && (await prisma.user.count({ where: { role: "admin", disabledAt: null } })) <= 1)
    throw new RegistryError("conflict", "last_admin", "This is the last active admin: make someone else admin first.");
  return prisma.$transaction(async (tx) => {
    const before = toListItem(user);
    const after = toListItem(
      await tx.user.update({
        where: { id },
        data: {
          role: change.role,
          disabledAt:
            change.disabled === undefined ? undefined : change.disabled ? (user.disabledAt ?? new Date()) : null,
        },
      }),
    );
    const reason = after.disabled && !before.disabled ? "disabled" : after.role !== before.role ? "role_changed" : null;
    const endedSessions = reason
      ? (
          await tx.userSession.updateMany({
            where: { userId: id, revokedAt: null },
            data: { revokedAt: new Date(), revokedReason: reason },
          })
        ).count
      : 0;
    if (by)
      await recordAudit(tx, {
        event: "user_updated",
        actor: by.actor,
        outcome: "accepted",
        arguments: { userId: id, before: auditedUser(before), after: auditedUser(after), endedSessions },
        origin: by.origin,
      });
    return after;
  });
}
