// JSON request bodies as the routes may use them: PostgreSQL text and JSON cannot hold NUL (U+0000), so a
// string carrying one would fail at the database as a 500. It is refused here, naming where it was.
import { z } from "zod";
import { HttpError } from "./http-error";

interface Visit {
  value: unknown;
  key: string | number | null;
  parent: Visit | null;
}

function pathOf(visit: Visit): Array<string | number> {
  const path: Array<string | number> = [];
  for (let at: Visit | null = visit; at && at.key !== null; at = at.parent) path.unshift(at.key);
  return path;
}

/** The path of the first key or string value that contains NUL, or null. Iterative: bodies may nest deeply. */
function findNul(root: unknown): Array<string | number> | null {
  const stack: Visit[] = [{ value: root, key: null, parent: null }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value } = visit;
    if (typeof value === "string") {
      if (value.includes("\u0000")) return pathOf(visit);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: visit });
    } else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value).reverse()) {
        if (key.includes("\u0000")) return [...pathOf(visit), key.replaceAll("\u0000", "\\u0000")];
        stack.push({ value: item, key, parent: visit });
      }
    }
  }
  return null;
}

export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The request body is not valid JSON.");
  }
  const at = findNul(value);
  if (at)
    throw new z.ZodError([
      {
        code: "custom",
        path: at,
        message: "must not contain a NUL character (\\u0000): it cannot be stored",
        input: undefined,
      },
    ]);
  return value;
}
