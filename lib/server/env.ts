// Typed server configuration, read once. Defaults for the embedded mode are prepared by scripts/start.mjs.
import { z } from "zod";
import { parseSecretKey } from "./secrets";

const schema = z.object({
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
  /** Comma-separated email domains allowed to sign in through OAuth/OIDC (empty: any). */
  RUNWAY_OAUTH_DOMAINS: z.string().optional(),
});

export type ServerEnv = z.infer<typeof schema> & { secretKey: Buffer };

let cached: ServerEnv | null = null;

export function getServerEnv(): ServerEnv {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Runway is misconfigured: ${problems}`);
  }
  cached = { ...parsed.data, secretKey: parseSecretKey(parsed.data.RUNWAY_SECRET_KEY) };
  return cached;
}
