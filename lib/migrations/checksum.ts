// Migration checksums exactly as the Prisma schema engine computes and compares them
// (prisma-engines: sql-schema-connector/src/checksum.rs).
import crypto from "node:crypto";

/** Length of a well-formed checksum: SHA-256 as lowercase hex. */
const CHECKSUM_LENGTH = 64;

const CR = 0x0d;
const LF = 0x0a;

/** SHA-256 of the raw bytes (strings are encoded as UTF-8), 64 lowercase hex: what Prisma stores. */
export function computeChecksum(content: string | Buffer): string {
  return hashBytes(toBytes(content)).toString("hex");
}

/** Whether a value looks like a checksum Prisma writes today. */
export function isSha256Hex(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

/**
 * Prisma's comparison of a stored checksum with a local file: the file matches if its bytes,
 * its bytes with CRLF turned into LF, or its bytes with every LF turned into CRLF hash to the
 * stored value (git may have rewritten line endings). Stored values that are not 64 characters
 * long come from an old engine bug that dropped the zero padding, so they are compared in that form.
 */
export function checksumMatches(stored: string, content: string | Buffer): boolean {
  const bytes = toBytes(content);
  // Prisma switches to the legacy form for any non-empty value whose length is not 64.
  const format = stored.length > 0 && stored.length !== CHECKSUM_LENGTH ? formatLegacyDigest : formatDigest;
  return listLineEndingVariants(bytes).some((variant) => format(hashBytes(variant)) === stored);
}

/** The unpadded hex Prisma wrote before prisma-engines#1887: each byte without its leading zero. */
export function formatLegacyDigest(digest: Buffer): string {
  return Array.from(digest, (byte) => byte.toString(16)).join("");
}

function formatDigest(digest: Buffer): string {
  return digest.toString("hex");
}

function hashBytes(bytes: Buffer): Buffer {
  return crypto.createHash("sha256").update(bytes).digest();
}

function toBytes(content: string | Buffer): Buffer {
  return typeof content === "string" ? Buffer.from(content, "utf8") : content;
}

/** The three forms Prisma tries, in its order. Working on bytes is safe: CR and LF never occur inside a UTF-8 sequence. */
function listLineEndingVariants(bytes: Buffer): Buffer[] {
  return [bytes, convertCrlfToLf(bytes), convertLfToCrlf(bytes)];
}

function convertCrlfToLf(bytes: Buffer): Buffer {
  const out = Buffer.alloc(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === CR && bytes[i + 1] === LF) continue;
    out[length++] = bytes[i];
  }
  return out.subarray(0, length);
}

/**
 * Every LF becomes CRLF, including one already preceded by CR: Prisma uses `script.replace('\n', "\r\n")`,
 * so a CRLF file turns into CR CR LF here. Matching that quirk keeps our "modified" verdict equal to Prisma's.
 */
function convertLfToCrlf(bytes: Buffer): Buffer {
  const out = Buffer.alloc(bytes.length + countByte(bytes, LF));
  let length = 0;
  for (const byte of bytes) {
    if (byte === LF) out[length++] = CR;
    out[length++] = byte;
  }
  return out;
}

function countByte(bytes: Buffer, wanted: number): number {
  let count = 0;
  for (const byte of bytes) if (byte === wanted) count++;
  return count;
}
