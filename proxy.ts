// Next 16 proxy (formerly middleware), on pages only (never on API routes: a proxy makes Next buffer the whole
// request body before the route runs, defeating the routes' streaming body limits):
// - a fresh CSP nonce per page (Next puts it on its own scripts when the request carries the policy);
// - the requested path for server pages, so a signed-out visitor is sent back there after sign-in;
// - a 400 for a path that is not valid percent-encoding (Next answers those with a 500). API paths reach the
//   proxy only when they hold a `%` that could be bad (see the matcher), so normal API requests never pass here.
// Authorization itself happens in each page and route.
import { NextResponse, type NextRequest } from "next/server";
import { buildContentSecurityPolicy, createNonce } from "./lib/http/content-security-policy";
import { findUndecodableSegment } from "./lib/http/path-encoding";

export function proxy(request: NextRequest) {
  const bad = findUndecodableSegment(request.nextUrl.pathname);
  if (bad !== null) {
    const message = `The path segment "${bad.slice(0, 80)}" is not valid percent-encoding (UTF-8).`;
    return Response.json(
      { error: { code: "invalid_path", message } },
      { status: 400, headers: { "Cache-Control": "no-store" } },
    );
  }
  if (request.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();
  const nonce = createNonce();
  const policy = buildContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV !== "production" });
  const headers = new Headers(request.headers);
  headers.set("x-runway-path", request.nextUrl.pathname + request.nextUrl.search);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    "/((?!api/|_next/|favicon).*)",
    // API paths with a `%` not followed by two hex digits, or escaping a non-ASCII byte (maybe invalid UTF-8).
    "/api/(.*%(?:[^0-9A-Fa-f]|[0-9A-Fa-f][^0-9A-Fa-f]|[0-9A-Fa-f]$|[89A-Fa-f][0-9A-Fa-f]|$).*)",
  ],
};
