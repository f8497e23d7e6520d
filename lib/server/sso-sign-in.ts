// Who a single sign-on identity is in Runway. Identities are linked by issuer + subject (what OpenID Connect
// guarantees to be stable and unique); an email only ever *finds* an existing account when the provider says it is
// verified and an admin has allowed linking — otherwise anyone who can make a provider claim `admin@…` would get
// that admin's account.
import type { Actor } from "../actions/actor";
import { recordAudit } from "../audit/record-audit";
import { SSO_REFUSALS, type SsoRefusal } from "../client/sign-in-errors";
import type { PrismaClient } from "../generated/prisma/client";
import { readSettings } from "./settings";
import { normalizeEmail } from "./users";

export interface SsoClaims {
  /** `iss` for OpenID Connect; a fixed URL for plain OAuth providers such as GitHub. */
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

export type SsoOutcome =
  | { ok: true; userId: string; how: "linked_identity" | "linked_by_email" | "created" }
  | { ok: false; code: SsoRefusal };

function allowedByDomain(email: string, domains: string | undefined): boolean {
  const list = (domains ?? "")
    .split(",")
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  return list.length === 0 || list.includes(email.split("@")[1] ?? "");
}

function ssoActor(user: { id: string; email: string; role: Actor["role"] }): Actor {
  return { key: `user:${user.id}`, label: user.email, role: user.role, userId: user.id };
}

export async function resolveSsoSignIn(
  prisma: PrismaClient,
  claims: SsoClaims,
  options: { allowedDomains?: string } = {},
): Promise<SsoOutcome> {
  const outcome = await decide(prisma, claims, options);
  const arguments_ = {
    issuer: claims.issuer,
    subject: claims.subject,
    email: claims.email,
    emailVerified: claims.emailVerified,
  };
  if (!outcome.ok) {
    await recordAudit(prisma, {
      event: "sso_refused",
      actor: null,
      outcome: "refused",
      arguments: arguments_,
      message: `${outcome.code}: ${SSO_REFUSALS[outcome.code]}`,
    });
  } else if (outcome.how !== "linked_identity") {
    const user = await prisma.user.findUniqueOrThrow({ where: { id: outcome.userId } });
    await recordAudit(prisma, {
      event: outcome.how === "created" ? "sso_user_created" : "sso_identity_linked",
      actor: ssoActor(user),
      outcome: "accepted",
      arguments: arguments_,
    });
  }
  return outcome;
}

async function decide(
  prisma: PrismaClient,
  claims: SsoClaims,
  options: { allowedDomains?: string },
): Promise<SsoOutcome> {
  const identity = await prisma.ssoIdentity.findUnique({
    where: { issuer_subject: { issuer: claims.issuer, subject: claims.subject } },
    include: { user: true },
  });
  if (identity) {
    if (identity.user.disabledAt) return { ok: false, code: "AccountDisabled" };
    await prisma.ssoIdentity.update({ where: { id: identity.id }, data: { lastSignInAt: new Date() } });
    return { ok: true, userId: identity.userId, how: "linked_identity" };
  }
  if (!claims.email) return { ok: false, code: "SsoNoEmail" };
  const email = normalizeEmail(claims.email);
  const restricted = Boolean(options.allowedDomains?.trim());
  if (!allowedByDomain(email, options.allowedDomains)) return { ok: false, code: "SsoDomainNotAllowed" };
  // A domain allow-list is a decision made on the email: an unverified one proves nothing.
  if (restricted && !claims.emailVerified) return { ok: false, code: "SsoUnverifiedEmail" };

  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing) {
    if (!(await readSettings(prisma)).ssoEmailLinking) return { ok: false, code: "SsoEmailInUse" };
    if (!claims.emailVerified) return { ok: false, code: "SsoUnverifiedEmail" };
    if (existing.disabledAt) return { ok: false, code: "AccountDisabled" };
    await prisma.ssoIdentity.create({
      data: { issuer: claims.issuer, subject: claims.subject, userId: existing.id, email, lastSignInAt: new Date() },
    });
    return { ok: true, userId: existing.id, how: "linked_by_email" };
  }
  // New people arrive as viewers; admins promote them.
  const created = await prisma.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email, name: claims.name, role: "viewer" } });
    await tx.ssoIdentity.create({
      data: { issuer: claims.issuer, subject: claims.subject, userId: user.id, email, lastSignInAt: new Date() },
    });
    return user;
  });
  return { ok: true, userId: created.id, how: "created" };
}
