// The claims Runway needs from an OpenID Connect sign-in. The ID token may carry only `sub` (the spec lets
// providers put email in the userinfo response instead): then userinfo is read, and used only if its `sub` is the
// ID token's (OpenID Connect Core 5.3.2).
import type { SsoClaims } from "./sso-sign-in";

export interface OidcIdClaims {
  iss?: string;
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  preferred_username?: string;
}

const discovery = new Map<string, Promise<{ userinfo_endpoint?: string }>>();

function readDiscovery(issuer: string): Promise<{ userinfo_endpoint?: string }> {
  const url = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  let pending = discovery.get(url);
  if (!pending) {
    pending = fetch(url, { signal: AbortSignal.timeout(10_000) }).then((r) => {
      if (!r.ok) throw new Error(`OIDC discovery answered HTTP ${r.status}`);
      return r.json() as Promise<{ userinfo_endpoint?: string }>;
    });
    pending.catch(() => discovery.delete(url));
    discovery.set(url, pending);
  }
  return pending;
}

async function readUserinfo(issuer: string, accessToken: string): Promise<Partial<OidcIdClaims> | null> {
  const { userinfo_endpoint: endpoint } = await readDiscovery(issuer);
  if (!endpoint) return null;
  const response = await fetch(endpoint, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) return null;
  // A signed (JWT) userinfo response is not read: Runway asks for JSON.
  if (!/json/i.test(response.headers.get("content-type") ?? "")) return null;
  return (await response.json()) as Partial<OidcIdClaims>;
}

const isVerified = (value: unknown) => value === true || value === "true";

/** The ID token's claims, completed from userinfo when they lack the email or whether it is verified. */
export async function completeOidcClaims(
  idClaims: OidcIdClaims,
  accessToken: string | undefined,
  issuer: string,
): Promise<SsoClaims> {
  let email = idClaims.email ?? null;
  let verified = isVerified(idClaims.email_verified);
  let name = idClaims.name ?? idClaims.preferred_username ?? null;
  if ((!email || idClaims.email_verified === undefined) && accessToken) {
    const info = await readUserinfo(idClaims.iss ?? issuer, accessToken);
    if (info && info.sub === idClaims.sub) {
      // The email and its verification come together from one source.
      if (!email && info.email) {
        email = info.email;
        verified = isVerified(info.email_verified);
      } else if (email && info.email === email) {
        verified = isVerified(info.email_verified);
      }
      name ??= info.name ?? info.preferred_username ?? null;
    }
  }
  return { issuer: idClaims.iss ?? issuer, subject: idClaims.sub, email, emailVerified: verified, name };
}
