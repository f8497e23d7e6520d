// A git source's secrets at rest: the credentials (an https token or password, an ssh deploy key) and the
// webhook's shared secret, each sealed with AES-GCM (lib/server/secrets.ts) and bound to its project and purpose
// (the associated data names both), so a value copied to another project or field does not decrypt.
import crypto from "node:crypto";
import type { GitCredentialKind } from "../api/sources";
import { RegistryError } from "../environments/errors";
import { decryptSecret, encryptSecret, SecretIntegrityError } from "../server/secrets";

export type GitCredentials =
  { kind: "https"; username?: string | null; token: string } | { kind: "ssh"; privateKey: string };

const credentialsContext = (projectId: string) => `${projectId}:git-credentials`;
const webhookContext = (projectId: string) => `${projectId}:git-webhook-secret`;

export function sealCredentials(credentials: GitCredentials, key: Buffer, projectId: string): string {
  return encryptSecret(JSON.stringify(credentials), key, credentialsContext(projectId));
}

export function credentialKindOf(credentials: GitCredentials | null | undefined): GitCredentialKind {
  return credentials?.kind ?? "none";
}

function undecryptable(what: string, error: unknown): RegistryError {
  return new RegistryError(
    "unprocessable",
    "git_secret_undecryptable",
    `The stored ${what} cannot be decrypted (RUNWAY_SECRET_KEY changed?): an admin enters them again.`,
    { cause: error },
  );
}

export function openCredentials(sealed: string | null, key: Buffer, projectId: string): GitCredentials | null {
  if (!sealed) return null;
  try {
    return JSON.parse(decryptSecret(sealed, key, credentialsContext(projectId))) as GitCredentials;
  } catch (error) {
    if (error instanceof SecretIntegrityError) throw undecryptable("git credentials", error);
    throw error;
  }
}

/** A new webhook secret: 32 random bytes, prefixed so that a leaked one is recognisable in a scan. */
export function generateWebhookSecret(): string {
  return `rwgit_${crypto.randomBytes(32).toString("base64url")}`;
}

export function sealWebhookSecret(secret: string, key: Buffer, projectId: string): string {
  return encryptSecret(secret, key, webhookContext(projectId));
}

export function openWebhookSecret(sealed: string, key: Buffer, projectId: string): string {
  try {
    return decryptSecret(sealed, key, webhookContext(projectId));
  } catch (error) {
    if (error instanceof SecretIntegrityError) throw undecryptable("webhook secret", error);
    throw error;
  }
}
