import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/server/auth-options";
import { prepareNextAuthRequest } from "@/lib/server/next-auth-request";

async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  // Bodies limited while streaming, bad callbackUrls and JSON answered 400 (next-auth would 500 or read it all).
  const prepared = await prepareNextAuthRequest(request);
  if (prepared instanceof Response) return prepared;
  return NextAuth(prepared as never, { params: await context.params } as never, getAuthOptions());
}

export { handler as GET, handler as POST };
