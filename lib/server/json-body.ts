// JSON request bodies as the routes may use them: PostgreSQL text and JSON cannot hold NUL (U+0000), so a
// string carrying one would fail at the database as a 500. It is refused here, naming where it was.
import { z } from "zod";
import { RegistryError } from "../environments/errors";

/** The path of the first key or string value that contains NUL, or null. */
function findNul(value: unknown, path: Array<string | number> = []): Array<string | number> | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findNul(item, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes("\u0000")) return [...path, key.replaceAll("\u0000", "\\u0000")];
      const found = findNul(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RegistryError("invalid", "invalid_json", "The request body is not valid JSON.");
  }
  const at = findNul(value);
  if (at)
    throw new z.ZodError([{ code: "custom", path: at, message: "must not contain a NUL character (\\u0000): it cannot be stored", input: undefined }]);
  return value;
}
