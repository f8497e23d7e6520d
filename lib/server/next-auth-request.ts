// What next-auth gets to see: next-auth v4 reads the body whole and answers a callbackUrl it cannot parse, or
// a JSON body that is not JSON, with a 500 ("problem with the server configuration"). Bodies are read here
// within the limit while they stream, and bad input is answered 400 with a message before next-auth runs.
import { NextRequest } from "next/server";
import { jsonError, toErrorResponse } from "./route";
import { DEFAULT_BODY_LIMIT, readBodyWithin } from "./read-body";

const CALLBACK_COOKIES = /^(__Secure-)?next-auth\.callback-url$/;

/** What next-auth accepts as a callbackUrl: a path, or an absolute http(s) URL. */
function isUsableCallbackUrl(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (value.startsWith("/")) return !value.startsWith("//") && !/[\u0000-\u001f]/.test(value);
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Cookies without a callback-url cookie next-auth could not parse (it would 500 on every request). */
function withoutBadCallbackCookie(cookieHeader: string | null): string | null {
  if (!cookieHeader) return cookieHeader;
  return cookieHeader
    .split(/;\s*/)
    .filter((pair) => {
      const [name, ...rest] = pair.split("=");
      if (!CALLBACK_COOKIES.test(name)) return true;
      try {
        return isUsableCallbackUrl(decodeURIComponent(rest.join("=")));
      } catch {
        return false;
      }
    })
    .join("; ");
}

/** The request to give next-auth, or the 4xx answer when it must not get it. */
export async function prepareNextAuthRequest(request: Request): Promise<Request | Response> {
  const url = new URL(request.url);
  const callbackUrl = url.searchParams.get("callbackUrl");
  if (callbackUrl !== null && !isUsableCallbackUrl(callbackUrl))
    return jsonError(400, "invalid_callback_url", "callbackUrl must be a path on this site (e.g. /environments/…).");
  const headers = new Headers(request.headers);
  const cookies = withoutBadCallbackCookie(headers.get("cookie"));
  if (cookies !== null) headers.set("cookie", cookies);
  if (request.method !== "POST") return new NextRequest(request.url, { method: request.method, headers });
  let body: Buffer;
  try {
    body = await readBodyWithin(request, DEFAULT_BODY_LIMIT);
  } catch (error) {
    return toErrorResponse(error);
  }
  if (/^application\/json\b/i.test(headers.get("content-type") ?? "")) {
    try {
      JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    } catch {
      return jsonError(400, "invalid_json", "The request body is not valid JSON.");
    }
  }
  return new NextRequest(request.url, { method: request.method, headers, body: new Uint8Array(body) });
}
