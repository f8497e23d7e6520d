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
  { allowed: true } | { allowed: false; scope: "account" | "address"; retryAfterSeconds: number };

interface CounterRow {
  attempts: number;
  retry_after: number;
}

const accountKey = (email: string) => `account:${normalizeEmail(email)}`;
const addressKey = (address: string) => `address:${address}`;

/** +1 on a key's counter (a new window when the last one is over): the count and the seconds the window has left. */
async function countAttempt(prisma: PrismaClient, key: string, windowMs: number): Promise<CounterRow> {
  const [row] = await prisma.$queryRawUnsafe<CounterRow[]>(
    `WITH clock AS (SELECT (now() AT TIME ZONE 'UTC') AS t, make_interval(secs => $2 / 1000.0) AS w)
     INSERT INTO "SignInThrottle" AS c (key, attempts, "windowStart") SELECT $1, 1, t FROM clock
     ON CONFLICT (key) DO UPDATE SET
       attempts = CASE WHEN c."windowStart" <= (SELECT t - w FROM clock) THEN 1 ELSE c.attempts + 1 END,
       "windowStart" = CASE WHEN c."windowStart" <= (SELECT t - w FROM clock) THEN (SELECT t FROM clock) ELSE c."windowStart" END
     RETURNING attempts, GREATEST(1, CEIL(EXTRACT(EPOCH FROM ("windowStart" + (SELECT w FROM clock) - (SELECT t FROM clock)))))::int AS retry_after`,
    key,
    windowMs,
  );
  return row;
}

/**
 * Keys known to be locked, until when (this process only). A flood against a locked key is then refused without
 * a database round trip; the database stays the truth (a key is only put here after it refused).
 */
const knownLocksByDatabase = new WeakMap<PrismaClient, Map<string, number>>();
const KNOWN_LOCKS_MAX = 10_000;

function knownLocksOf(prisma: PrismaClient): Map<string, number> {
  let locks = knownLocksByDatabase.get(prisma);
  if (!locks) knownLocksByDatabase.set(prisma, (locks = new Map()));
  return locks;
}

function knownLock(knownLocks: Map<string, number>, key: string): number | null {
  const until = knownLocks.get(key);
  if (until === undefined) return null;
  if (until <= Date.now()) {
    knownLocks.delete(key);
    return null;
  }
  return until;
}

function rememberLock(knownLocks: Map<string, number>, key: string, retryAfterSeconds: number) {
  if (knownLocks.size >= KNOWN_LOCKS_MAX) knownLocks.clear();
  knownLocks.set(key, Date.now() + retryAfterSeconds * 1000);
}

/**
 * Counts one sign-in attempt and says whether it may go on to the password check. An attempt refused for its
 * account is not counted against its address (it cost no hash and guessed nothing).
 */
export async function reserveSignInAttempt(
  prisma: PrismaClient,
  attempt: { email: string; clientAddress: string | null },
  limits: ThrottleLimits = DEFAULT_THROTTLE,
): Promise<ThrottleDecision> {
  const counters: Array<{ scope: "account" | "address"; key: string; max: number }> = [
    { scope: "account", key: accountKey(attempt.email), max: limits.accountMax },
    ...(attempt.clientAddress
      ? [{ scope: "address" as const, key: addressKey(attempt.clientAddress), max: limits.addressMax }]
      : []),
  ];
  const knownLocks = knownLocksOf(prisma);
  for (const { scope, key } of counters) {
    const until = knownLock(knownLocks, key);
    if (until) return { allowed: false, scope, retryAfterSeconds: Math.max(1, Math.ceil((until - Date.now()) / 1000)) };
  }
  for (const { scope, key, max } of counters) {
    const row = await countAttempt(prisma, key, limits.windowMs);
    if (row.attempts <= max) continue;
    rememberLock(knownLocks, key, row.retry_after);
    // The first refusal of a window is the lockout: audited once, not once per refused attempt.
    if (row.attempts === max + 1)
      await recordAudit(prisma, {
        event: "signin_lockout",
        outcome: "refused",
        arguments: {
          scope,
          account: normalizeEmail(attempt.email),
          attempts: max,
          windowMinutes: Math.round(limits.windowMs / 60000),
        },
        message: `Sign-in locked for ${row.retry_after} s after ${max} attempts (${scope === "account" ? "this account" : "this client address"}).`,
        origin: { clientAddress: attempt.clientAddress, userAgent: null },
      });
    return { allowed: false, scope, retryAfterSeconds: row.retry_after };
  }
  return { allowed: true };
}

/**
 * A right password: the account's count starts again, and the attempt no longer counts against the address
 * (only failures should: many people may sign in from one office address).
 */
export async function recordSignInSuccess(
  prisma: PrismaClient,
  attempt: { email: string; clientAddress: string | null },
): Promise<void> {
  await prisma.signInThrottle.deleteMany({ where: { key: accountKey(attempt.email) } });
  if (attempt.clientAddress)
    await prisma.$executeRawUnsafe(
      `UPDATE "SignInThrottle" SET attempts = GREATEST(attempts - 1, 0) WHERE key = $1`,
      addressKey(attempt.clientAddress),
    );
  // Expired windows are dead weight: drop them now and then, on a success (rare next to a flood).
  await prisma.$executeRawUnsafe(
    `DELETE FROM "SignInThrottle" WHERE "windowStart" < (now() AT TIME ZONE 'UTC') - interval '1 day'`,
  );
}

export function describeLockout(decision: { scope: "account" | "address"; retryAfterSeconds: number }): string {
  const minutes = Math.max(1, Math.ceil(decision.retryAfterSeconds / 60));
  const who = decision.scope === "account" ? "this account" : "your network address";
  return `Too many sign-in attempts for ${who}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
