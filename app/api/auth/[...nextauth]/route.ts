import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/server/auth-options";

async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(request as never, { params: await context.params } as never, getAuthOptions());
}

export { handler as GET, handler as POST };
