// The one way client code talks to Runway's JSON routes. Every failure becomes an ApiError whose message a
// person can act on, whether the server answered with our error body, with HTML, or not at all.

export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ApiIssue[];

  constructor(status: number, code: string, message: string, issues: ApiIssue[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

export interface FetchJsonOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Serialized as JSON; sets Content-Type (the server rejects mutations without it). */
  body?: unknown;
  signal?: AbortSignal;
}

const STATUS_MESSAGES: Record<number, string> = {
  400: "The request was not accepted. Check the form and try again.",
  401: "Your session has expired. Sign in again to continue.",
  403: "Your role does not allow this. Ask an admin for access.",
  404: "Not found. It may have been removed or renamed.",
  409: "Someone else changed this in the meantime. Reload and try again.",
  422: "The request could not be processed. Check the values and try again.",
};

function describeStatus(status: number): string {
  if (STATUS_MESSAGES[status]) return STATUS_MESSAGES[status];
  if (status >= 500)
    return `Runway's server failed (HTTP ${status}). Try again; if it keeps failing, check the server logs.`;
  return `Unexpected response from Runway's server (HTTP ${status}).`;
}

/** Zod-style issues (`{ path: [...], message }`) or plain strings, flattened for display. */
function normalizeIssues(raw: unknown): ApiIssue[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item): ApiIssue[] => {
    if (typeof item === "string") return [{ path: "", message: item }];
    if (item && typeof item === "object" && "message" in item) {
      const path = (item as { path?: unknown }).path;
      return [
        {
          path: Array.isArray(path) ? path.join(".") : typeof path === "string" ? path : "",
          message: String((item as { message: unknown }).message),
        },
      ];
    }
    return [];
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function toApiError(status: number, text: string): ApiError {
  const parsed = text ? parseJson(text) : { ok: false as const };
  if (parsed.ok && parsed.value && typeof parsed.value === "object" && "error" in parsed.value) {
    const error = (parsed.value as { error: unknown }).error;
    if (error && typeof error === "object") {
      const e = error as { code?: unknown; message?: unknown; issues?: unknown };
      return new ApiError(
        status,
        typeof e.code === "string" ? e.code : `HTTP_${status}`,
        typeof e.message === "string" && e.message ? e.message : describeStatus(status),
        normalizeIssues(e.issues),
      );
    }
  }
  return new ApiError(status, `HTTP_${status}`, describeStatus(status));
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

export async function fetchJson<T>(url: string, options: FetchJsonOptions = {}): Promise<T> {
  const hasBody = options.body !== undefined;
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? (hasBody ? "POST" : "GET"),
      headers: { Accept: "application/json", ...(hasBody ? { "Content-Type": "application/json" } : {}) },
      body: hasBody ? JSON.stringify(options.body) : undefined,
      credentials: "same-origin",
      cache: "no-store",
      signal: options.signal,
    });
  } catch (error) {
    // Cancellation is not a failure: let TanStack Query see the AbortError it expects.
    if (isAbort(error)) throw error;
    throw new ApiError(
      0,
      "NETWORK",
      "Could not reach Runway's server: check your network connection, or whether Runway is running, then try again.",
    );
  }

  const text = await response.text().catch(() => "");
  if (!response.ok) throw toApiError(response.status, text);

  // A sign-in page served instead of JSON means the session ended (a redirect followed by fetch).
  const contentType = response.headers.get("content-type") ?? "";
  if (response.redirected && contentType.includes("text/html")) {
    throw new ApiError(401, "UNAUTHENTICATED", STATUS_MESSAGES[401]);
  }
  if (!text) return undefined as T;
  const parsed = parseJson(text);
  if (!parsed.ok) {
    throw new ApiError(
      response.status,
      "BAD_RESPONSE",
      `Runway's server answered with something that is not JSON (HTTP ${response.status}). Reload the page; if it persists, check the server logs.`,
    );
  }
  return parsed.value as T;
}

/** A message for any error a hook or mutation can produce. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Try again.";
}
