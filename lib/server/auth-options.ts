// next-auth configuration: email + password always; GitHub and OpenID Connect when their variables are set.
// Sessions are JWTs carrying the user id and role; the role is re-read from the database on every request
// (lib/server/session.ts) so a demotion or a disabled account takes effect at once.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { getPrisma } from "./db";
import { getServerEnv } from "./env";
import { authenticateUser, normalizeEmail } from "./users";

function allowedByDomain(email: string, domains: string | undefined): boolean {
  const list = (domains ?? "").split(",").map((d) => d.trim().toLowerCase()).filter(Boolean);
  return list.length === 0 || list.includes(email.split("@")[1] ?? "");
}

export function buildAuthOptions(): NextAuthOptions {
  const env = getServerEnv();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        if (!credentials?.email || !credentials.password) return null;
        const user = await authenticateUser(getPrisma(), credentials.email, credentials.password);
        return user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
      },
    }),
  ];
  if (env.GITHUB_ID && env.GITHUB_SECRET) providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    providers.push({
      id: "oidc",
      name: "Single sign-on",
      type: "oauth",
      wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (profile: { sub: string; email?: string; name?: string }) => ({ id: profile.sub, email: profile.email, name: profile.name }),
    });
  }
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/signin" },
    providers,
    callbacks: {
      // OAuth/OIDC users are provisioned as viewers on first sign-in; admins promote them.
      async signIn({ user, account }) {
        if (!account || account.provider === "credentials") return true;
        if (!user.email || !allowedByDomain(user.email, env.RUNWAY_OAUTH_DOMAINS)) return false;
        const prisma = getPrisma();
        const email = normalizeEmail(user.email);
        const existing = await prisma.user.findUnique({ where: { email } });
        if (existing?.disabledAt) return false;
        if (!existing) await prisma.user.create({ data: { email, name: user.name ?? null, role: "viewer" } });
        return true;
      },
      async jwt({ token, user }) {
        if (user?.email) {
          const row = await getPrisma().user.findUnique({ where: { email: normalizeEmail(user.email) } });
          if (row) token.uid = row.id;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user) (session.user as { id?: unknown }).id = token.uid;
        return session;
      },
    },
  };
}

let cached: NextAuthOptions | null = null;
export function getAuthOptions(): NextAuthOptions {
  cached ??= buildAuthOptions();
  return cached;
}
