// Secrets never reach the audit log: database URLs lose their passwords, values under secret-looking keys are
// replaced, and what remains is made storable as-is (PostgreSQL refuses NUL, and lone surrogates would be
// re-encoded on the way in, which would break the row's hash).
import { redactSecrets } from "../migrations/database-url";

export const REDACTED = "[redacted]";

/** password, secret, token, api keys, credentials, and anything holding a URL or connection string. */
const SENSITIVE_KEY =
  /pass(word|wd|phrase)|^pwd$|secret|token|api[-_]?key|private[-_]?key|authorization|cookie|credential|connection[-_]?string|dsn$|(url|uri)$/i;

/** Any scheme's `user:password@` (redactSecrets covers PostgreSQL; a password containing `@` is handled too). */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#]*:)[^\s/?#]*@/gi;

/** `password=…` in query strings and libpq key/value connection strings. */
const ASSIGNED_SECRET =
  /(\b(?:password|passwd|pwd|sslpassword|secret|token|access_token|api[-_]?key)\s*=\s*)('[^']*'|"[^"]*"|[^\s&#,;'"]+)/gi;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

export function redactText(text: string): string {
  const cleaned = text.replaceAll("\u0000", "").replace(LONE_SURROGATE, "\uFFFD");
  return redactSecrets(cleaned).replace(URL_PASSWORD, "$1****@").replace(ASSIGNED_SECRET, "$1****");
}

export function redactNullableText(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : redactText(text);
}

/**
 * A JSON-safe, redacted copy of any value: what JSON.stringify would keep (Dates as ISO strings, bigints as
 * strings, Errors as { name, message }), every string through redactText, every secret-looking key "[redacted]".
 */
export function redactValue(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return redactText(value);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") return null; // functions, symbols
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  try {
    if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
    if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return redactValue(toJSON.call(value), seen);
    const out: Record<string, unknown> = {};
    for (const [rawKey, item] of Object.entries(value)) {
      if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
      const key = redactText(rawKey);
      out[key] = isSensitiveKey(rawKey) && item !== null ? REDACTED : redactValue(item, seen);
    }
    return out;
  } finally {
    // Only cycles are refused: the same object twice in a tree is fine.
    seen.delete(value);
  }
}
