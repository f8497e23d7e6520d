import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/server/auth-options";
import { DEFAULT_BODY_LIMIT, readBodyWithin } from "@/lib/server/read-body";
import { toErrorResponse } from "@/lib/server/route";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context) {
  return NextAuth(request as never, { params: await context.params } as never, getAuthOptions());
}

/**
 * next-auth reads the form whole: hand it a copy of the body read within the limit (sign-in forms are tiny), so
 * an anonymous multi-gigabyte POST to the callback is cut off at 64 KiB instead of filling the memory.
 */
async function limitedPost(request: Request, context: Context) {
  let body: Buffer;
  try {
    body = await readBodyWithin(request, DEFAULT_BODY_LIMIT);
  } catch (error) {
    return toErrorResponse(error);
  }
  const copy = new NextRequest(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(body) });
  return handler(copy, context);
}

export { handler as GET, limitedPost as POST };
