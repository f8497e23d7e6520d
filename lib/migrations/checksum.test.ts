import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checksumMatches, computeChecksum, formatLegacyDigest, isSha256Hex } from "./checksum";

const SCRIPT_LF =
  '-- AlterTable\nALTER TABLE "Message" ADD COLUMN "status" TEXT;\n\n-- café ✓\nCREATE INDEX "Message_status_idx" ON "Message"("status");\n';
const SCRIPT_CRLF = SCRIPT_LF.replaceAll("\n", "\r\n");

let tempDir: string;

beforeAll(async () => {
  tempDir = await fs.mkdtemp(path.join(os.tmpdir(), "runway-checksum-"));
});

afterAll(async () => {
  await fs.rm(tempDir, { recursive: true, force: true });
});

function readSha256sum(file: string): string {
  return execFileSync("sha256sum", [file], { encoding: "utf8" }).split(" ")[0];
}

/** The pre-#1887 engine's format, built by hand: each byte in hex without zero padding. */
function formatUnpadded(bytes: Buffer): string {
  return Array.from(bytes, (byte) => byte.toString(16)).join("");
}

describe("computeChecksum", () => {
  it("equals sha256sum of the file, for strings and buffers alike", async () => {
    for (const [name, script] of [
      ["lf.sql", SCRIPT_LF],
      ["crlf.sql", SCRIPT_CRLF],
    ]) {
      const file = path.join(tempDir, name);
      await fs.writeFile(file, script, "utf8");
      const expected = readSha256sum(file);
      expect(computeChecksum(script)).toBe(expected);
      expect(computeChecksum(await fs.readFile(file))).toBe(expected);
    }
  });

  it("is 64 lowercase hex and matches Prisma's own test vector", () => {
    const checksum = computeChecksum("hello");
    expect(checksum).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    expect(isSha256Hex(checksum)).toBe(true);
    expect(isSha256Hex(checksum.toUpperCase())).toBe(false);
    expect(isSha256Hex(checksum.slice(1))).toBe(false);
  });

  it("hashes the bytes as they are: CRLF and LF files differ", () => {
    expect(computeChecksum(SCRIPT_LF)).not.toBe(computeChecksum(SCRIPT_CRLF));
  });
});

describe("checksumMatches", () => {
  it("matches the same content", () => {
    expect(checksumMatches(computeChecksum(SCRIPT_LF), SCRIPT_LF)).toBe(true);
    expect(checksumMatches(computeChecksum(SCRIPT_LF), Buffer.from(SCRIPT_LF))).toBe(true);
  });

  it("ignores edits that only change line endings, in both directions", () => {
    expect(checksumMatches(computeChecksum(SCRIPT_LF), SCRIPT_CRLF)).toBe(true);
    expect(checksumMatches(computeChecksum(SCRIPT_CRLF), SCRIPT_LF)).toBe(true);
  });

  it("agrees with Prisma's line-ending test: a lone CR is kept as is", () => {
    const pairs = [
      ["ab\ncd\nef\ngh\rab", "ab\r\ncd\r\nef\r\ngh\rab"],
      ["ab\ncd\nef\ngh\rab\n", "ab\r\ncd\r\nef\r\ngh\rab\r\n"],
    ];
    for (const pair of pairs) {
      for (const script of pair) {
        for (const other of pair) expect(checksumMatches(computeChecksum(other), script)).toBe(true);
      }
    }
  });

  it("rejects a real edit", () => {
    const edited = SCRIPT_LF.replace('"status" TEXT', '"status" TEXT NOT NULL');
    expect(checksumMatches(computeChecksum(SCRIPT_LF), edited)).toBe(false);
    expect(checksumMatches(computeChecksum("abcd"), "abc")).toBe(false);
    expect(checksumMatches(computeChecksum("abc"), "abc\n")).toBe(false);
  });

  it("turns every LF into CRLF like Prisma, so a mixed file does not match its all-CRLF checksum", () => {
    // Prisma: script.replace('\n', "\r\n") also rewrites the LF of an existing CRLF.
    expect(checksumMatches(computeChecksum("a\r\nb\r\n"), "a\r\nb\n")).toBe(false);
    expect(checksumMatches(computeChecksum("a\nb\n"), "a\r\nb\n")).toBe(true);
  });

  it("compares legacy checksums (hex without zero padding) in that form", () => {
    const script = findScriptWithSmallDigestByte();
    const digest = crypto.createHash("sha256").update(script).digest();
    const legacy = formatUnpadded(digest);
    expect(legacy.length).toBeLessThan(64);
    expect(formatLegacyDigest(digest)).toBe(legacy);
    expect(checksumMatches(legacy, script)).toBe(true);
    expect(checksumMatches(legacy, Buffer.from(script))).toBe(true);
    expect(checksumMatches(legacy, script.replaceAll("\n", "\r\n"))).toBe(true);
    expect(checksumMatches(legacy, `${script}-- edited\n`)).toBe(false);
    // The padded form of the same digest is a different string: only the stored form decides.
    expect(computeChecksum(script)).not.toBe(legacy);
  });

  it("never matches an empty stored checksum", () => {
    expect(checksumMatches("", "")).toBe(false);
    expect(checksumMatches("", SCRIPT_LF)).toBe(false);
  });
});

/** A script whose SHA-256 has at least one byte below 0x10, so the legacy form is shorter. */
function findScriptWithSmallDigestByte(): string {
  for (let i = 0; ; i++) {
    const script = `-- migration ${i}\nSELECT 1;\n`;
    const digest = crypto.createHash("sha256").update(script).digest();
    if (digest.some((byte) => byte < 0x10)) return script;
  }
}
