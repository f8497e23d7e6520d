// URL builders for the app's own pages, so links and redirects agree on encoding (migration names are encoded).

export const paths = {
  overview: () => "/",
  admin: () => "/admin",
  signIn: (callbackUrl?: string) =>
    callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin",
  action: (id: string) => `/actions/${encodeURIComponent(id)}`,
  activity: () => "/activity",
  environment: (id: string) => `/environments/${encodeURIComponent(id)}`,
  migration: (environmentId: string, name: string) =>
    `/environments/${encodeURIComponent(environmentId)}/migrations/${encodeURIComponent(name)}`,
};

/**
 * Only same-origin paths are followed after sign-in (never `//evil.example` or `https://…`), so a crafted
 * callbackUrl cannot send a user elsewhere.
 */
export function toSafeCallbackUrl(raw: string | null | undefined): string {
  if (!raw) return "/";
  let value = raw;
  // next-auth sometimes hands us an absolute URL on our own origin.
  if (typeof window !== "undefined" && value.startsWith(window.location.origin)) {
    value = value.slice(window.location.origin.length) || "/";
  }
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (value.startsWith("/signin")) return "/";
  return value;
}

/** Route params may arrive still percent-encoded; decode once, tolerating malformed input. */
export function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
