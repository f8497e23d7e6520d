import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/server/auth-options";
import { signInWithCredentials } from "@/lib/server/credentials-sign-in";

async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  const params = await context.params;
  const run = () => NextAuth(request as never, { params } as never, getAuthOptions()) as Promise<Response>;
  // next-auth reads action and provider from the first two segments: throttle exactly what it would authenticate.
  if (request.method === "POST" && params.nextauth[0] === "callback" && params.nextauth[1] === "credentials")
    return signInWithCredentials(request, run);
  return run();
}

export { handler as GET, handler as POST };
