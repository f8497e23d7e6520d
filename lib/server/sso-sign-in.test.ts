// Single sign-on identities against real PostgreSQL: linked by issuer + subject; an email finds an existing
// account only when verified and an admin allowed linking; every refusal says why and is audited.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOwnState, type OwnState } from "../testing/own-state";
import { updateSettings } from "./settings";
import { resolveSsoSignIn, type SsoClaims } from "./sso-sign-in";
import { createUser } from "./users";

let state: OwnState;
let adminId: string;
const ISSUER = "https://idp.example";
const ADMIN_ACTOR = () => ({
  actor: { key: `user:${adminId}`, label: "admin@corp.example", role: "admin" as const, userId: adminId },
  origin: null,
});

beforeEach(async () => {
  state = await createOwnState();
  adminId = (
    await createUser(state.prisma, { email: "admin@corp.example", password: "admin-password-1", role: "admin" })
  ).id;
});
afterEach(async () => {
  await state.close();
});

const claims = (over: Partial<SsoClaims>): SsoClaims => ({
  issuer: ISSUER,
  subject: "sub-1",
  email: null,
  emailVerified: false,
  name: null,
  ...over,
});

describe("SSO sign-in", () => {
  it("an unverified claim of an existing admin's email (any case) never gets that account", async () => {
    for (const email of ["admin@corp.example", "ADMIN@CORP.EXAMPLE", " Admin@Corp.Example "]) {
      expect(await resolveSsoSignIn(state.prisma, claims({ subject: `attacker-${email}`, email }))).toEqual({
        ok: false,
        code: "SsoEmailInUse",
      });
    }
    // Even with linking allowed, an unverified email does not link.
    await updateSettings(state.prisma, { ssoEmailLinking: true }, ADMIN_ACTOR());
    expect(
      await resolveSsoSignIn(
        state.prisma,
        claims({ subject: "attacker", email: "ADMIN@corp.example", emailVerified: false }),
      ),
    ).toEqual({
      ok: false,
      code: "SsoUnverifiedEmail",
    });
    expect(await state.prisma.ssoIdentity.count()).toBe(0);
    const refusals = await state.prisma.auditEvent.findMany({ where: { event: "sso_refused" } });
    expect(refusals).toHaveLength(4);
    expect(refusals[3].arguments).toMatchObject({
      issuer: ISSUER,
      subject: "attacker",
      email: "ADMIN@corp.example",
      emailVerified: false,
    });
  });

  it("a verified email links to the existing account only once an admin allowed it; then issuer + subject find it", async () => {
    const verified = claims({ subject: "admin-sub", email: "Admin@Corp.Example", emailVerified: true });
    expect(await resolveSsoSignIn(state.prisma, verified)).toEqual({ ok: false, code: "SsoEmailInUse" });
    await updateSettings(state.prisma, { ssoEmailLinking: true }, ADMIN_ACTOR());
    expect(await resolveSsoSignIn(state.prisma, verified)).toEqual({
      ok: true,
      userId: adminId,
      how: "linked_by_email",
    });
    await updateSettings(state.prisma, { ssoEmailLinking: false }, ADMIN_ACTOR());
    // Linked now: found by identity, whatever email the provider sends later.
    expect(
      await resolveSsoSignIn(state.prisma, claims({ subject: "admin-sub", email: "renamed@corp.example" })),
    ).toEqual({ ok: true, userId: adminId, how: "linked_identity" });
    // The same subject from another issuer is another identity.
    expect(
      await resolveSsoSignIn(
        state.prisma,
        claims({
          issuer: "https://other.example",
          subject: "admin-sub",
          email: "admin@corp.example",
          emailVerified: true,
        }),
      ),
    ).toMatchObject({
      ok: false,
      code: "SsoEmailInUse",
    });
    expect(
      (await state.prisma.auditEvent.findMany({ where: { event: "sso_identity_linked" } })).map((e) => e.actorLabel),
    ).toEqual(["admin@corp.example"]);
  });

  it("new people arrive as viewers; no email, a disabled account, or an unverified email under a domain rule are refused", async () => {
    const created = await resolveSsoSignIn(
      state.prisma,
      claims({ subject: "new-1", email: "New@Corp.Example", emailVerified: false, name: "New" }),
    );
    expect(created).toMatchObject({ ok: true, how: "created" });
    const user = await state.prisma.user.findUniqueOrThrow({ where: { email: "new@corp.example" } });
    expect(user).toMatchObject({ role: "viewer", passwordHash: null });
    expect(await resolveSsoSignIn(state.prisma, claims({ subject: "new-1" }))).toMatchObject({
      ok: true,
      userId: user.id,
      how: "linked_identity",
    });

    expect(await resolveSsoSignIn(state.prisma, claims({ subject: "nobody" }))).toEqual({
      ok: false,
      code: "SsoNoEmail",
    });
    await state.prisma.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await resolveSsoSignIn(state.prisma, claims({ subject: "new-1" }))).toEqual({
      ok: false,
      code: "AccountDisabled",
    });

    const domains = { allowedDomains: "corp.example" };
    expect(
      await resolveSsoSignIn(
        state.prisma,
        claims({ subject: "x", email: "x@elsewhere.example", emailVerified: true }),
        domains,
      ),
    ).toEqual({ ok: false, code: "SsoDomainNotAllowed" });
    expect(
      await resolveSsoSignIn(
        state.prisma,
        claims({ subject: "y", email: "y@corp.example", emailVerified: false }),
        domains,
      ),
    ).toEqual({ ok: false, code: "SsoUnverifiedEmail" });
    expect(
      await resolveSsoSignIn(
        state.prisma,
        claims({ subject: "z", email: "z@corp.example", emailVerified: true }),
        domains,
      ),
    ).toMatchObject({ ok: true, how: "created" });
  });
});
