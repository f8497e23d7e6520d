// Database URLs at rest: AES-256-GCM with a 32-byte key from RUNWAY_SECRET_KEY. The one place that decrypts.
import crypto from "node:crypto";

const VERSION = "v1";

/** Reads a 32-byte key given as base64 (44 chars) or hex (64 chars). */
export function parseSecretKey(raw: string | undefined): Buffer {
  if (!raw) throw new Error("RUNWAY_SECRET_KEY is not set: generate one with `openssl rand -base64 32`.");
  const trimmed = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new Error("RUNWAY_SECRET_KEY must be 32 bytes, base64- or hex-encoded.");
  return key;
}

/** A stored value that fails AES-GCM's integrity check: a different RUNWAY_SECRET_KEY, or the value was altered. */
export class SecretIntegrityError extends Error {
  constructor() {
    super(
      "integrity check failed (RUNWAY_SECRET_KEY differs from the key it was encrypted with, or the stored value was altered)",
    );
    this.name = "SecretIntegrityError";
  }
}

/** `v1.<iv>.<tag>.<ciphertext>` (base64url); a fresh 12-byte IV each time. */
export function encryptSecret(plaintext: string, key: Buffer, context = ""): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  // The context (e.g. the environment id) binds a ciphertext to its row: a copied value will not decrypt elsewhere.
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function decryptSecret(sealed: string, key: Buffer, context = ""): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new SecretIntegrityError();
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // GCM's tag covers key, ciphertext and context alike: a wrong key and an altered value cannot be told apart.
    throw new SecretIntegrityError();
  }
}
