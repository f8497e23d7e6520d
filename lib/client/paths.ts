// URL builders for the app's own pages, so links and redirects agree on encoding (migration names are encoded).

export const paths = {
  overview: () => "/",
  admin: () => "/admin",
  signIn: (callbackUrl?: string) =>
    callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin",
  action: (id: string) => `/actions/${encodeURIComponent(id)}`,
  activity: () => "/activity",
  environment: (id: string) => `/environments/${encodeURIComponent(id)}`,
  releases: (projectId: string) => `/projects/${encodeURIComponent(projectId)}/releases`,
  migration: (environmentId: string, name: string) =>
    `/environments/${encodeURIComponent(environmentId)}/migrations/${encodeURIComponent(name)}`,
};

const PLACEHOLDER_ORIGIN = "http://runway.invalid";

/**
 * The same-origin path a redirect may go to, or "/". The URL is read as a browser reads it — tabs and newlines
 * dropped anywhere, leading and trailing controls and spaces trimmed, `\\` taken as `/` — and resolved against our
 * origin; anything on another origin (`//evil`, `/\\evil`, `/%09/evil` once decoded, `https://evil`, `javascript:`)
 * is refused. What comes back is the normalised path, never the raw input, with no `//` in front.
 */
export function toSafeRedirect(raw: string | null | undefined, origin: string = PLACEHOLDER_ORIGIN): string {
  if (!raw) return "/";
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  const value = raw.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  let base: URL;
  let parsed: URL;
  try {
    base = new URL(origin);
    parsed = new URL(value, base);
  } catch {
    return "/";
  }
  if (parsed.origin !== base.origin || parsed.username || parsed.password) return "/";
  return (parsed.pathname + parsed.search + parsed.hash).replace(/^\/+/, "/");
}

/**
 * Where to go after sign-in: a same-origin path (toSafeRedirect), never the sign-in page itself, so a crafted
 * callbackUrl cannot send a user elsewhere.
 */
export function toSafeCallbackUrl(raw: string | null | undefined): string {
  const origin = typeof window !== "undefined" ? window.location.origin : PLACEHOLDER_ORIGIN;
  const path = toSafeRedirect(raw, origin);
  return path.startsWith("/signin") ? "/" : path;
}

/** Route params may arrive still percent-encoded; decode once, tolerating malformed input. */
export function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
