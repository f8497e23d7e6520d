// Next 16 proxy (formerly middleware): passes the requested path to server pages so a signed-out visitor
// is sent back to where they were going after sign-in. Authorization itself happens in each page and route.
import { NextResponse, type NextRequest } from "next/server";

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-runway-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api/|_next/|favicon).*)"] };
