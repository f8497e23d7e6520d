import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/server/auth-options";
import { signInWithCredentials } from "@/lib/server/credentials-sign-in";
import { prepareNextAuthRequest } from "@/lib/server/next-auth-request";

async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  // Bodies limited while streaming, bad callbackUrls and JSON answered 400 (next-auth would 500 or read it all).
  const prepared = await prepareNextAuthRequest(request);
  if (prepared instanceof Response) return prepared;
  const params = await context.params;
  const run = () => NextAuth(prepared as never, { params } as never, getAuthOptions()) as Promise<Response>;
  // next-auth reads action and provider from the first two segments: throttle exactly what it would authenticate.
  if (prepared.method === "POST" && params.nextauth[0] === "callback" && params.nextauth[1] === "credentials")
    return signInWithCredentials(prepared, run);
  return run();
}

export { handler as GET, handler as POST };
