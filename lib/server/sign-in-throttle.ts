// Sign-in throttling per account and per client address. Each attempt is counted *before* the password is
// hashed (one atomic upsert), so a flood of wrong passwords is refused without spending scrypt on it, and a burst
// of parallel attempts cannot all slip under the limit. A fixed window per key: at most `accountMax` attempts per
// account per window (ASVS 2.2.1: ≤ 100 failures an hour), `addressMax` per client address.
import { recordAudit } from "../audit/record-audit";
import type { PrismaClient } from "../generated/prisma/client";
import { normalizeEmail } from "./users";

export interface ThrottleLimits {
  accountMax: number;
  addressMax: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { accountMax: 10, addressMax: 100, windowMs: 15 * 60 * 1000 };

export type ThrottleDecision =
  | { allowed: true }
  | { allowed: false; scope: "account" | "address"; retryAfterSeconds: number };

interface CounterRow {
  key: string;
  attempts: number;
  retry_after: number;
}

const accountKey = (email: string) => `account:${normalizeEmail(email)}`;
const addressKey = (address: string) => `address:${address}`;

/** Counts one sign-in attempt and says whether it may go on to the password check. */
export async function reserveSignInAttempt(
  prisma: PrismaClient,
  attempt: { email: string; clientAddress: string | null },
  limits: ThrottleLimits = DEFAULT_THROTTLE,
): Promise<ThrottleDecision> {
  const keys = [accountKey(attempt.email), ...(attempt.clientAddress ? [addressKey(attempt.clientAddress)] : [])];
  const rows = await prisma.$queryRawUnsafe<CounterRow[]>(
    `WITH now_utc AS (SELECT (now() AT TIME ZONE 'UTC') AS t)
     INSERT INTO "SignInThrottle" AS c (key, attempts, "windowStart")
     SELECT k, 1, (SELECT t FROM now_utc) FROM unnest($1::text[]) AS k
     ON CONFLICT (key) DO UPDATE SET
       attempts = CASE WHEN c."windowStart" <= (SELECT t FROM now_utc) - make_interval(secs => $2 / 1000.0) THEN 1 ELSE c.attempts + 1 END,
       "windowStart" = CASE WHEN c."windowStart" <= (SELECT t FROM now_utc) - make_interval(secs => $2 / 1000.0) THEN (SELECT t FROM now_utc) ELSE c."windowStart" END
     RETURNING key, attempts,
       GREATEST(1, CEIL(EXTRACT(EPOCH FROM ("windowStart" + make_interval(secs => $2 / 1000.0) - (SELECT t FROM now_utc)))))::int AS retry_after`,
    keys,
    limits.windowMs,
  );
  for (const row of rows) {
    const scope = row.key.startsWith("account:") ? "account" : "address";
    const max = scope === "account" ? limits.accountMax : limits.addressMax;
    if (row.attempts <= max) continue;
    // The first refusal of a window is the lockout: audited once, not once per refused attempt.
    if (row.attempts === max + 1)
      await recordAudit(prisma, {
        event: "signin_lockout",
        outcome: "refused",
        arguments: { scope, account: normalizeEmail(attempt.email), attempts: max, windowMinutes: Math.round(limits.windowMs / 60000) },
        message: `Sign-in locked for ${row.retry_after} s after ${max} attempts (${scope === "account" ? "this account" : "this client address"}).`,
        origin: { clientAddress: attempt.clientAddress, userAgent: null },
      });
    return { allowed: false, scope, retryAfterSeconds: row.retry_after };
  }
  return { allowed: true };
}

/** A correct password clears the account's counter (the address keeps its count: it may be an attacker's too). */
export async function clearAccountAttempts(prisma: PrismaClient, email: string): Promise<void> {
  await prisma.signInThrottle.deleteMany({ where: { key: accountKey(email) } });
  // Expired windows are dead weight: drop them now and then, on a success (rare next to a flood).
  await prisma.$executeRawUnsafe(`DELETE FROM "SignInThrottle" WHERE "windowStart" < (now() AT TIME ZONE 'UTC') - interval '1 day'`);
}

export function describeLockout(decision: { scope: "account" | "address"; retryAfterSeconds: number }): string {
  const minutes = Math.max(1, Math.ceil(decision.retryAfterSeconds / 60));
  const who = decision.scope === "account" ? "this account" : "your network address";
  return `Too many sign-in attempts for ${who}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
