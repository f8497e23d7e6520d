// The email + password sign-in (next-auth's credentials callback) behind the throttle: the attempt is counted
// and, over the limit, answered 429 with Retry-After before next-auth runs (and so before any scrypt hash).
import { LOCKOUT_ERROR } from "../client/sign-in-errors";
import { getPrisma } from "./db";
import { getServerEnv } from "./env";
import { readClientAddress } from "./client-address";
import { describeLockout, recordSignInSuccess, reserveSignInAttempt, type ThrottleLimits } from "./sign-in-throttle";

/** The email of the attempt. The body was already read within the limit (lib/server/next-auth-request.ts): this reads that buffered copy. */
async function readEmail(request: Request): Promise<string> {
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const body = (await request.json()) as { email?: unknown };
      return typeof body?.email === "string" ? body.email : "";
    }
    if (type.includes("application/x-www-form-urlencoded"))
      return new URLSearchParams(await request.text()).get("email") ?? "";
  } catch {
    // Unreadable: next-auth refuses it without a password check.
  }
  return "";
}

/**
 * A refused attempt is answered after this pause (a timer, no CPU): a client that waits for its answers cannot
 * turn cheap refusals into load on the server by asking again at once.
 */
const REFUSAL_DELAY_MS = 1000;

function throttleLimits(): ThrottleLimits {
  const env = getServerEnv();
  return {
    accountMax: env.RUNWAY_SIGNIN_MAX_ATTEMPTS,
    addressMax: env.RUNWAY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS,
    windowMs: env.RUNWAY_SIGNIN_WINDOW_MINUTES * 60_000,
  };
}

/** A session cookie in the answer means the password was right. */
function signedIn(response: Response): boolean {
  return response.headers.getSetCookie().some((c) => /^(__Secure-)?next-auth\.session-token(\.\d+)?=[^;]/.test(c));
}

export async function signInWithCredentials(request: Request, signIn: () => Promise<Response>): Promise<Response> {
  const email = (await readEmail(request.clone())).trim();
  if (!email) return signIn();
  const prisma = getPrisma();
  const attempt = { email, clientAddress: readClientAddress(request) };
  const decision = await reserveSignInAttempt(prisma, attempt, throttleLimits());
  if (!decision.allowed) {
    await new Promise((resolve) => setTimeout(resolve, REFUSAL_DELAY_MS));
    const base = process.env.NEXTAUTH_URL ?? new URL(request.url).origin;
    const url = new URL(
      `/signin?error=${encodeURIComponent(`${LOCKOUT_ERROR}:${decision.retryAfterSeconds}`)}`,
      base,
    ).toString();
    return Response.json(
      {
        url,
        error: {
          code: "too_many_attempts",
          message: describeLockout(decision),
          retryAfterSeconds: decision.retryAfterSeconds,
        },
      },
      { status: 429, headers: { "Retry-After": String(decision.retryAfterSeconds), "Cache-Control": "no-store" } },
    );
  }
  const response = await signIn();
  if (signedIn(response)) await recordSignInSuccess(prisma, attempt);
  return response;
}
