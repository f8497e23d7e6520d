// Typed server configuration, read once. Defaults for the embedded mode are prepared by scripts/start.mjs.
import path from "node:path";
import { z } from "zod";
import { parseTrustedProxies } from "./client-address";
import { parseSecretKey } from "./secrets";

const schema = z
  .object({
    DATABASE_URL: z.string().min(1, "DATABASE_URL is not set"),
    RUNWAY_SECRET_KEY: z.string().min(1, "RUNWAY_SECRET_KEY is not set"),
    NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET is not set (at least 16 characters)"),
    RUNWAY_STATUS_TTL_MS: z.coerce.number().int().min(0).default(5000),
    /** The monitor's default interval per environment, in seconds (each environment can override it). */
    RUNWAY_MONITOR_INTERVAL_S: z.coerce.number().int().min(1).default(60),
    RUNWAY_MONITOR: z.enum(["0", "1"]).optional(),
    /** How long the overview waits for a database before it shows the last known state. */
    RUNWAY_OVERVIEW_BUDGET_MS: z.coerce.number().int().min(0).default(300),
    /** Email notifications: smtp://user:pass@host:port (smtps:// for TLS); unset, email channels are off. */
    RUNWAY_SMTP_URL: z.string().optional(),
    RUNWAY_SMTP_FROM: z.string().optional(),
    /** Notification delivery retries (after the first attempt) and the first retry's delay in seconds (doubling). */
    RUNWAY_NOTIFY_RETRIES: z.coerce.number().int().min(0).max(20).default(5),
    RUNWAY_NOTIFY_RETRY_DELAY_S: z.coerce.number().int().min(1).default(10),
    /** The dashboard's public URL, for links in notifications (default NEXTAUTH_URL). */
    RUNWAY_PUBLIC_URL: z.string().url().optional(),
    NEXTAUTH_URL: z.string().optional(),
    RUNWAY_ADMIN_EMAIL: z.string().email().optional(),
    RUNWAY_ADMIN_PASSWORD: z.string().min(8).optional(),
    RUNWAY_DEMO: z.enum(["0", "1", "true", "false"]).optional(),
    GITHUB_ID: z.string().optional(),
    GITHUB_SECRET: z.string().optional(),
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    /** Runway's local files (keys, the audit chain head, the embedded database): default ./.data. */
    RUNWAY_DATA_DIR: z.string().optional(),
    /** Git sources: the fetch interval of a source created without one, in seconds (each source may set its own). */
    RUNWAY_GIT_FETCH_INTERVAL_S: z.coerce.number().int().min(1).default(60),
    /** The deadline of one git fetch, and how much a remote may send in one fetch. */
    RUNWAY_GIT_FETCH_TIMEOUT_S: z.coerce.number().int().min(5).max(3600).default(120),
    RUNWAY_GIT_MAX_FETCH_MB: z.coerce.number().int().min(1).max(10_000).default(100),
    /** 0: this process neither schedules nor runs git fetches (another process sharing the database does). */
    RUNWAY_GIT_FETCH: z.enum(["0", "1"]).optional(),
    /** Comma-separated folders that folder sources must lie under; default: the project's fixtures and the data folder. */
    RUNWAY_SOURCE_ROOTS: z.string().optional(),
    /** Comma-separated email domains allowed to sign in through OAuth/OIDC (empty: any). */
    RUNWAY_OAUTH_DOMAINS: z.string().optional(),
    /** Sign-in attempts allowed per account, and per client address, in each window. */
    RUNWAY_SIGNIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
    RUNWAY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
    RUNWAY_SIGNIN_WINDOW_MINUTES: z.coerce
      .number()
      .min(1)
      .max(24 * 60)
      .default(15),
    /** Addresses and CIDR ranges of reverse proxies whose X-Forwarded-For is believed. */
    RUNWAY_TRUSTED_PROXIES: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        try {
          parseTrustedProxies(value);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
        }
      }),
  })
  .refine((e) => e.RUNWAY_SIGNIN_MAX_ATTEMPTS * Math.max(1, 60 / e.RUNWAY_SIGNIN_WINDOW_MINUTES) <= 100, {
    path: ["RUNWAY_SIGNIN_MAX_ATTEMPTS"],
    message:
      "at most 100 sign-in attempts per account per hour (RUNWAY_SIGNIN_MAX_ATTEMPTS × 60 / RUNWAY_SIGNIN_WINDOW_MINUTES)",
  });

export type ServerEnv = z.infer<typeof schema> & { secretKey: Buffer; dataDir: string; sourceRoots: string[] };

/** Comma-separated list, blanks dropped. */
export function splitList(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

let cached: ServerEnv | null = null;

export function getServerEnv(): ServerEnv {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Runway is misconfigured: ${problems}`);
  }
  // Next serves from the project folder, as `npm start` runs it.
  const dataDir = path.resolve(parsed.data.RUNWAY_DATA_DIR ?? ".data");
  const sourceRoots =
    parsed.data.RUNWAY_SOURCE_ROOTS !== undefined
      ? splitList(parsed.data.RUNWAY_SOURCE_ROOTS).map((root) => path.resolve(root))
      : [path.resolve("fixtures"), dataDir];
  cached = { ...parsed.data, secretKey: parseSecretKey(parsed.data.RUNWAY_SECRET_KEY), dataDir, sourceRoots };
  return cached;
}
