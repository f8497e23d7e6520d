// A real OpenID Connect provider (the `oidc-provider` package) for the sign-in specs. The ID token carries the
// email claims (as many providers do), except for the accounts in ID_TOKEN_SUB_ONLY: their ID token has only
// `sub`, and email and email_verified come from userinfo (as the spec allows).
// Its development login form accepts any password for the accounts below (login = subject).
import net from "node:net";
import Provider from "oidc-provider";

export const OIDC_CLIENT = { id: "runway-e2e", secret: "runway-e2e-client-secret-0123456789" };

export const OIDC_ACCOUNTS: Record<string, { email: string; email_verified: boolean; name: string }> = {
  // An outsider claiming the admin's email, unverified: in lower and in upper case.
  "attacker-lower": { email: "admin@e2e.test", email_verified: false, name: "Mallory" },
  "attacker-upper": { email: "ADMIN@E2E.TEST", email_verified: false, name: "Mallory" },
  // The real operator at the provider, email verified: links only once an admin allows it.
  "operator-at-idp": { email: "Operator@e2e.test", email_verified: true, name: "Otto at the IdP" },
  // Someone Runway does not know yet.
  newcomer: { email: "newcomer@e2e.test", email_verified: true, name: "Nia Newcomer" },
};

export const ID_TOKEN_SUB_ONLY = new Set(["newcomer"]);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startOidcProvider(redirectUri: string): Promise<{ issuer: string; stop(): Promise<void> }> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    conformIdTokenClaims: false,
    cookies: { keys: ["runway-e2e-oidc-cookie-key"] },
    async findAccount(_ctx, id) {
      const account = OIDC_ACCOUNTS[id];
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async (use: string) =>
          use === "id_token" && ID_TOKEN_SUB_ONLY.has(id) ? { sub: id } : { sub: id, ...account },
      };
    },
  });
  const server = provider.listen(port, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return { issuer, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
