// Sign-in throttling against real PostgreSQL: the attempt is counted before any password check, the limit holds
// under a parallel burst, the lockout is audited once, and the credentials route answers 429 + Retry-After
// without running next-auth (so without hashing).
import crypto from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOwnState, type OwnState } from "../testing/own-state";
import { recordSignInSuccess, reserveSignInAttempt, type ThrottleLimits } from "./sign-in-throttle";

let state: OwnState;
const LIMITS: ThrottleLimits = { accountMax: 10, addressMax: 100, windowMs: 15 * 60_000 };

beforeEach(async () => {
  state = await createOwnState();
});
afterEach(async () => {
  await state.close();
});

describe("sign-in throttle", () => {
  it("150 attempts on one account: 10 go through, the rest are refused with the time left; one audited lockout", async () => {
    const decisions = [];
    for (let i = 0; i < 150; i++)
      decisions.push(
        await reserveSignInAttempt(
          state.prisma,
          { email: i % 2 ? "Ada@Test" : "ada@test", clientAddress: `10.0.0.${i % 200}` },
          LIMITS,
        ),
      );
    expect(decisions.findIndex((d) => !d.allowed)).toBe(10);
    expect(
      decisions
        .slice(10)
        .every((d) => !d.allowed && d.scope === "account" && d.retryAfterSeconds > 880 && d.retryAfterSeconds <= 900),
    ).toBe(true);
    const lockouts = await state.prisma.auditEvent.findMany({ where: { event: "signin_lockout" } });
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({ outcome: "refused", clientAddress: "10.0.0.10" });
    expect(lockouts[0].arguments).toMatchObject({ scope: "account", account: "ada@test", attempts: 10 });
    // Another account is not affected.
    expect(await reserveSignInAttempt(state.prisma, { email: "bob@test", clientAddress: "10.0.0.1" }, LIMITS)).toEqual({
      allowed: true,
    });
  });

  it("a parallel burst of 40 cannot slip under the limit; one address across many accounts is limited too", async () => {
    // Refusals for a locked account do not use up its address's allowance; successes give theirs back.
    for (let i = 0; i < 150; i++)
      await reserveSignInAttempt(state.prisma, { email: "locked@test", clientAddress: "203.0.113.5" }, LIMITS);
    for (let i = 0; i < 110; i++) {
      expect(
        (await reserveSignInAttempt(state.prisma, { email: "staff@test", clientAddress: "203.0.113.5" }, LIMITS))
          .allowed,
      ).toBe(true);
      await recordSignInSuccess(state.prisma, { email: "staff@test", clientAddress: "203.0.113.5" });
    }
    await state.prisma.signInThrottle.deleteMany();
    const burst = await Promise.all(
      Array.from({ length: 40 }, () =>
        reserveSignInAttempt(state.prisma, { email: "eve@test", clientAddress: null }, LIMITS),
      ),
    );
    expect(burst.filter((d) => d.allowed)).toHaveLength(10);
    const spray = [];
    for (let i = 0; i < 105; i++)
      spray.push(
        await reserveSignInAttempt(state.prisma, { email: `user${i}@test`, clientAddress: "203.0.113.5" }, LIMITS),
      );
    expect(spray.findIndex((d) => !d.allowed)).toBe(100);
    expect(spray[100]).toMatchObject({ allowed: false, scope: "address" });
  });

  it("a right password clears the account's count; the window ends the lockout", async () => {
    const short = { ...LIMITS, windowMs: 300 };
    for (let i = 0; i < 9; i++)
      await reserveSignInAttempt(state.prisma, { email: "ada@test", clientAddress: null }, LIMITS);
    await recordSignInSuccess(state.prisma, { email: "ADA@test", clientAddress: null });
    for (let i = 0; i < 10; i++)
      expect(
        (await reserveSignInAttempt(state.prisma, { email: "ada@test", clientAddress: null }, LIMITS)).allowed,
      ).toBe(true);
    expect((await reserveSignInAttempt(state.prisma, { email: "ada@test", clientAddress: null }, LIMITS)).allowed).toBe(
      false,
    );

    for (let i = 0; i < 11; i++)
      await reserveSignInAttempt(state.prisma, { email: "short@test", clientAddress: null }, short);
    expect(
      (await reserveSignInAttempt(state.prisma, { email: "short@test", clientAddress: null }, short)).allowed,
    ).toBe(false);
    await expect
      .poll(
        async () =>
          (await reserveSignInAttempt(state.prisma, { email: "short@test", clientAddress: null }, short)).allowed,
        { interval: 100, timeout: 5000 },
      )
      .toBe(true);
  });

  it("the credentials callback answers 429 with Retry-After before next-auth (and its scrypt hash) runs", async () => {
    Object.assign(process.env, {
      DATABASE_URL: state.database.url,
      RUNWAY_SECRET_KEY: state.secretKey.toString("base64"),
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64"),
      NEXTAUTH_URL: "http://runway.test",
    });
    const { signInWithCredentials } = await import("./credentials-sign-in");
    let passwordChecks = 0;
    const nextAuth = async () => {
      passwordChecks++;
      return Response.json({ url: "http://runway.test/api/auth/error?error=CredentialsSignin" }, { status: 401 });
    };
    const post = () =>
      new Request("http://runway.test/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "ada@test", password: "wrong", csrfToken: "x", json: "true" }),
      });
    const statuses = [];
    let last: Response | null = null;
    for (let i = 0; i < 15; i++) statuses.push((last = await signInWithCredentials(post(), nextAuth)).status);
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(5).fill(429)]);
    expect(passwordChecks).toBe(10);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(800);
    const body = await last!.json();
    expect(body.error.message).toMatch(/Too many sign-in attempts for this account\. Try again in 15 minutes/);
    expect(new URL(body.url).searchParams.get("error")).toMatch(/^TooManySignInAttempts:\d+$/);
    const { getPrisma } = await import("./db");
    await getPrisma().$disconnect();
  });
});
