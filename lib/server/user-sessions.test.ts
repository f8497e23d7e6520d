// Server-side sessions against real PostgreSQL: next-auth's callbacks open one at sign-in, sign-out ends it, and
// disabling, a role change or a new password end every session of that user — a saved cookie stops working.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JWT } from "next-auth/jwt";
import { createOwnState, type OwnState } from "../testing/own-state";
import { buildAuthOptions } from "./auth-options";
import { createUserSession, readSessionUser } from "./user-sessions";
import { createUser, ensureFirstAdmin, updateUser } from "./users";

let state: OwnState;

beforeAll(async () => {
  state = await createOwnState();
  Object.assign(process.env, {
    DATABASE_URL: state.database.url,
    RUNWAY_SECRET_KEY: state.secretKey.toString("base64"),
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64"),
  });
});
afterAll(async () => {
  const { getPrisma } = await import("./db");
  await getPrisma().$disconnect();
  await state.close();
});

/** What next-auth does at sign-in: the jwt callback with the signed-in user, then the session callback. */
async function signIn(userId: string): Promise<{ token: JWT; claims: { sessionId: string; userId: string } }> {
  const options = buildAuthOptions();
  const token = (await options.callbacks!.jwt!({
    token: {},
    user: { id: userId, runwayUserId: userId } as never,
    account: null,
    trigger: "signIn",
  })) as JWT;
  const session = (await options.callbacks!.session!({
    session: { user: {}, expires: "" },
    token,
    user: undefined as never,
    newSession: undefined,
    trigger: "update",
  })) as never as {
    user: { id: string };
    sid: string;
  };
  return { token, claims: { sessionId: session.sid, userId: session.user.id } };
}

describe("server-side sessions", () => {
  it("sign-out ends the session server-side: the same cookie claims no longer authenticate", async () => {
    const user = await createUser(state.prisma, { email: "ada@test", password: "ada-password-1", role: "operator" });
    const laptop = await signIn(user.id);
    const phone = await signIn(user.id);
    expect(await readSessionUser(state.prisma, laptop.claims)).toMatchObject({ id: user.id, role: "operator" });
    await buildAuthOptions().events!.signOut!({ token: laptop.token, session: null as never });
    expect(await readSessionUser(state.prisma, laptop.claims)).toBeNull();
    // Only that session: the other device stays signed in.
    expect(await readSessionUser(state.prisma, phone.claims)).toMatchObject({ id: user.id });
    // A session id is bound to its user.
    const other = await createUser(state.prisma, { email: "eve@test", password: "eve-password-1", role: "viewer" });
    expect(await readSessionUser(state.prisma, { ...phone.claims, userId: other.id })).toBeNull();
  });

  it("disabling, a role change and a new password end every session of the user", async () => {
    const admin = await createUser(state.prisma, { email: "root@test", password: "root-password-1", role: "admin" });
    const user = await createUser(state.prisma, { email: "bob@test", password: "bob-password-1", role: "operator" });
    const by = {
      actor: { key: `user:${admin.id}`, label: "root@test", role: "admin" as const, userId: admin.id },
      origin: null,
    };
    const first = await signIn(user.id);
    await updateUser(state.prisma, user.id, { role: "viewer" }, by);
    expect(await readSessionUser(state.prisma, first.claims)).toBeNull();
    const second = await signIn(user.id);
    expect(await readSessionUser(state.prisma, second.claims)).toMatchObject({ role: "viewer" });
    await updateUser(state.prisma, user.id, { disabled: true }, by);
    expect(await readSessionUser(state.prisma, second.claims)).toBeNull();
    const audit = await state.prisma.auditEvent.findMany({ where: { event: "user_updated" }, orderBy: { seq: "asc" } });
    expect(audit.map((e) => (e.arguments as { endedSessions: number }).endedSessions)).toEqual([1, 1]);

    // The generated first-admin password (re-generated when no admin is active) ends the old sessions.
    const firstAdmin = await ensureFirstAdmin(state.prisma, {});
    expect(firstAdmin).toBeNull();
    await state.prisma.user.updateMany({ where: { role: "admin" }, data: { disabledAt: new Date() } });
    const seeded = await state.prisma.user.create({ data: { email: "admin@runway.local", role: "viewer" } });
    const seededSession = await createUserSession(state.prisma, seeded.id, 60);
    await ensureFirstAdmin(state.prisma, {});
    expect(await readSessionUser(state.prisma, { sessionId: seededSession, userId: seeded.id })).toBeNull();
  });

  it("an expired session does not authenticate", async () => {
    const user = await createUser(state.prisma, { email: "carl@test", password: "carl-password-1", role: "viewer" });
    const sessionId = await createUserSession(state.prisma, user.id, 60);
    await state.prisma.userSession.update({
      where: { id: sessionId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await readSessionUser(state.prisma, { sessionId, userId: user.id })).toBeNull();
  });
});
