import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, parseSecretKey } from "./secrets";
import { hashPassword, verifyPassword } from "./passwords";

describe("secrets at rest", () => {
  const key = crypto.randomBytes(32);
  const url = "postgresql://app:s3cr3t-pa55@db.internal:5432/prod";

  it("round-trips, never contains the plaintext, and differs each time", () => {
    const a = encryptSecret(url, key, "env-1");
    const b = encryptSecret(url, key, "env-1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("s3cr3t");
    expect(decryptSecret(a, key, "env-1")).toBe(url);
  });

  it("refuses another key, another row, or a tampered value", () => {
    const sealed = encryptSecret(url, key, "env-1");
    expect(() => decryptSecret(sealed, crypto.randomBytes(32), "env-1")).toThrow(/RUNWAY_SECRET_KEY/);
    expect(() => decryptSecret(sealed, key, "env-2")).toThrow();
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(parts.join("."), key, "env-1")).toThrow();
  });

  it("accepts 32-byte keys in base64 or hex only", () => {
    expect(parseSecretKey(key.toString("base64")).equals(key)).toBe(true);
    expect(parseSecretKey(key.toString("hex")).equals(key)).toBe(true);
    expect(() => parseSecretKey("short")).toThrow(/32 bytes/);
    expect(() => parseSecretKey(undefined)).toThrow(/not set/);
  });
});

describe("passwords", () => {
  it("verifies the right password only, with a salted scrypt hash", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toBe(await hashPassword("correct horse battery"));
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("wrong", hash)).toBe(false);
    expect(await verifyPassword("anything", null)).toBe(false);
  });
});
