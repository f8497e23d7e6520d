// next-auth configuration: email + password always; GitHub and OpenID Connect when their variables are set.
// Sessions are JWTs carrying the user id and a server-side session id; every request re-reads the user (role,
// disabled) and checks the session row (lib/server/user-sessions.ts), so sign-out, disabling and role changes
// take effect at once. SSO identities are linked by issuer + subject (lib/server/sso-sign-in.ts).
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { toSafeRedirect } from "../client/paths";
import { getPrisma } from "./db";
import { getServerEnv } from "./env";
import { completeOidcClaims, type OidcIdClaims } from "./oidc-claims";
import { resolveSsoSignIn, type SsoClaims } from "./sso-sign-in";
import { createUserSession, revokeUserSession } from "./user-sessions";
import { authenticateUser } from "./users";

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
const GITHUB_ISSUER = "https://github.com";

/** What the providers' profile functions hand to the signIn callback (next-auth passes the object through). */
interface ProviderUser {
  id: string;
  email?: string | null;
  name?: string | null;
  sso?: SsoClaims;
  /** Set by the signIn callback: the Runway user this identity is. */
  runwayUserId?: string;
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
        return user
          ? { id: user.id, email: user.email, name: user.name, role: user.role, runwayUserId: user.id }
          : null;
      },
    }),
  ];
  if (env.GITHUB_ID && env.GITHUB_SECRET)
    providers.push(
      GitHubProvider({
        clientId: env.GITHUB_ID,
        clientSecret: env.GITHUB_SECRET,
        // GitHub does not say whether the email is verified: it never finds an existing account by email.
        profile: (profile) => ({
          id: String(profile.id),
          email: profile.email,
          name: profile.name ?? profile.login,
          image: profile.avatar_url,
          sso: {
            issuer: GITHUB_ISSUER,
            subject: String(profile.id),
            email: profile.email ?? null,
            emailVerified: false,
            name: profile.name ?? profile.login,
          },
        }),
      }),
    );
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    const issuer = env.OIDC_ISSUER.replace(/\/$/, "");
    providers.push({
      id: "oidc",
      name: "Single sign-on",
      type: "oauth",
      wellKnown: `${issuer}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      async profile(claims: OidcIdClaims, tokens) {
        const sso = await completeOidcClaims(claims, tokens.access_token, issuer);
        return { id: sso.subject, email: sso.email, name: sso.name, sso } as ProviderUser;
      },
    });
  }
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.provider === "credentials") return true;
        const provided = user as ProviderUser;
        if (!provided.sso) return "/signin?error=AccessDenied";
        const outcome = await resolveSsoSignIn(getPrisma(), provided.sso, { allowedDomains: env.RUNWAY_OAUTH_DOMAINS });
        if (!outcome.ok) return `/signin?error=${outcome.code}`;
        provided.runwayUserId = outcome.userId;
        return true;
      },
      async jwt({ token, user }) {
        // Only at sign-in is `user` set: open the server-side session the cookie will point to.
        const userId = (user as ProviderUser | undefined)?.runwayUserId;
        if (userId) {
          token.uid = userId;
          token.sid = await createUserSession(getPrisma(), userId, SESSION_MAX_AGE_SECONDS);
          // The provider's subject is not a Runway id: keep only Runway's.
          token.sub = userId;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user) (session.user as { id?: unknown }).id = token.uid;
        (session as { sid?: unknown }).sid = token.sid;
        return session;
      },
      // After sign-in (and sign-out), only paths on this origin: see toSafeRedirect.
      async redirect({ url, baseUrl }) {
        return baseUrl + toSafeRedirect(url, baseUrl);
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await revokeUserSession(getPrisma(), token.sid, "sign_out");
      },
    },
  };
}

let cached: NextAuthOptions | null = null;
export function getAuthOptions(): NextAuthOptions {
  cached ??= buildAuthOptions();
  return cached;
}
