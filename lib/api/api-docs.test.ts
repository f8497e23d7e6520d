// docs/api.md cannot drift from the routes: every handler in app/api has its line there and every documented
// route has a handler, and each documented body lists exactly the fields of the route's zod schema.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as schemas from "./schemas";

const ROOT = path.resolve(import.meta.dirname, "../..");
const API_DIR = path.join(ROOT, "app/api");
const DOC = fs.readFileSync(path.join(ROOT, "docs/api.md"), "utf8");
const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;

interface Handler {
  key: string;
  file: string;
  bodySchema: string | null;
}

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** Every exported handler of app/api as `METHOD /api/path/{param}`, with the name of its body schema. */
function readHandlers(): Handler[] {
  return routeFiles(API_DIR).flatMap((file) => {
    const relative = path.relative(API_DIR, path.dirname(file)).split(path.sep);
    // next-auth's own routes (sign-in, callbacks, providers) are its contract, not Runway's.
    if (relative[0] === "auth") return [];
    const url = ["/api", ...relative.map((part) => part.replace(/^\[(\w+)\]$/, "{$1}"))].join("/");
    const source = fs.readFileSync(file, "utf8");
    return METHODS.filter((method) => new RegExp(`export const ${method}\\b`).test(source)).map((method) => {
      const declaration = source.slice(source.indexOf(`export const ${method}`)).split(/\nexport const /)[0];
      return { key: `${method} ${url}`, file, bodySchema: /\bbody: (\w+)/.exec(declaration)?.[1] ?? null };
    });
  });
}

/** Every route named in docs/api.md's tables (`| \`METHOD /api/…\``), without its query string. */
function readDocumented(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of DOC.split("\n")) {
    const match = /^\| `(GET|POST|PATCH|PUT|DELETE) (\/api\/[^`?\s]*)[^`]*`/.exec(line);
    if (match) rows.set(`${match[1]} ${match[2]}`, line);
  }
  return rows;
}

/** The top-level field names of the first `{ … }` in a documented row, `?` kept for optional ones. */
/** The fields of each top-level `{ … }` in the row's body cell (a union is documented as `{ … }` or `{ … }`). */
function documentedBodies(row: string): string[][] {
  const cells = row.split(/(?<!\\)\|/).slice(2);
  const cell = cells.find((c) => c.includes("`{")) ?? "";
  const bodies: string[][] = [];
  let depth = 0;
  let current = "";
  let fields: string[] = [];
  for (const char of cell.slice(cell.indexOf("{"))) {
    if (char === "{") depth++;
    if (char === "}") depth--;
    if (depth === 1 && char === ",") {
      fields.push(current);
      current = "";
    } else if (depth >= 1 && !(depth === 1 && char === "{")) current += char;
    if (depth === 0 && char === "}") {
      fields.push(current);
      bodies.push(
        fields
          .map((f) => /^\s*(\w+\??)/.exec(f)?.[1] ?? "")
          .filter(Boolean)
          .sort(),
      );
      fields = [];
      current = "";
    }
  }
  return bodies;
}

function objectFields(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .map(([name, field]) => ((field as z.ZodType).safeParse(undefined).success ? `${name}?` : name))
    .sort();
}

/** An object schema's fields, or each variant's for a union: as distinct sorted lists. */
function schemaBodies(schema: z.ZodType): string[][] | null {
  if (schema instanceof z.ZodObject) return [objectFields(schema)];
  if (schema instanceof z.ZodUnion && schema.options.every((o) => o instanceof z.ZodObject))
    return (schema.options as z.ZodObject[]).map(objectFields);
  return null;
}

const distinct = (lists: string[][]) => [...new Set(lists.map((l) => l.join(",")))].sort();

describe("docs/api.md", () => {
  const handlers = readHandlers();
  const documented = readDocumented();

  it("finds the routes (the test reads what it checks)", () => {
    expect(handlers.length).toBeGreaterThan(20);
    expect(documented.size).toBeGreaterThan(20);
  });

  it("documents every route handler, and documents no route that does not exist", () => {
    expect([...documented.keys()].sort()).toEqual(handlers.map((h) => h.key).sort());
  });

  it("lists exactly each body schema's fields", () => {
    const withBody = handlers.filter((h) => h.bodySchema);
    expect(withBody.length).toBeGreaterThan(8);
    for (const handler of withBody) {
      const schema = (schemas as Record<string, unknown>)[handler.bodySchema!] as z.ZodType | undefined;
      const expected = schema ? schemaBodies(schema) : null;
      expect(
        expected,
        `${handler.bodySchema} (in ${handler.file}) is not an object (or union of objects) schema of lib/api/schemas.ts`,
      ).not.toBeNull();
      const row = documented.get(handler.key) ?? "";
      expect(distinct(documentedBodies(row)), handler.key).toEqual(distinct(expected!));
    }
  });
});
