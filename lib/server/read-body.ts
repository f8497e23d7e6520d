// Request bodies, read as they stream in and cut off at a byte limit: a declared Content-Length over the limit is
// refused before reading, and a body without one (chunked) is counted chunk by chunk and abandoned the moment it
// passes the limit, so no body larger than the limit is ever held in memory.
import { HttpError } from "./http-error";

export const DEFAULT_BODY_LIMIT = 64 * 1024;

export function bodyTooLarge(limit: number): HttpError {
  return new HttpError(400, "body_too_large", `The request body is larger than ${limit} bytes.`);
}

/** The body's bytes, at most `limit` of them; throws body_too_large (400) past it. An absent body is empty. */
export async function readBodyWithin(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > limit) throw bodyTooLarge(limit);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw bodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The body as UTF-8 text within `limit` bytes; invalid UTF-8 is bad input (400), not a server error. */
export async function readTextWithin(request: Request, limit: number): Promise<string> {
  return decodeUtf8(await readBodyWithin(request, limit));
}

/** Bytes already read as UTF-8 text; invalid UTF-8 is bad input (400). */
export function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new HttpError(400, "invalid_encoding", "The request body is not valid UTF-8.");
  }
}
