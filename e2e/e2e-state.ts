// What the global set-up hands to the specs (through a file, read by the fixtures).
import path from "node:path";

export const E2E_STATE_FILE = path.resolve(import.meta.dirname, "../.runway/e2e-state.json");

export interface E2eState {
  baseURL: string;
  /** Superuser URL of the PostgreSQL server, for specs that create their own target databases. */
  adminUrl: string;
  demoPrefix: string;
  secretKeyBase64: string;
  stateUrl: string;
  /** The OpenID Connect provider the dashboard is configured with (e2e/oidc-provider.ts). */
  oidcIssuer: string;
}

export const E2E_USERS = {
  admin: { email: "admin@e2e.test", password: "admin-password-123", role: "admin" as const, name: "Ada Admin" },
  operator: {
    email: "operator@e2e.test",
    password: "operator-password-123",
    role: "operator" as const,
    name: "Otto Operator",
  },
  viewer: { email: "viewer@e2e.test", password: "viewer-password-123", role: "viewer" as const, name: "Vera Viewer" },
};
export type E2eRole = keyof typeof E2E_USERS;
