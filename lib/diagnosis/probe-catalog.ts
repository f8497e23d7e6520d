// What exists in a target database, read from its catalogs in a few queries (one snapshot per check), and
// whether an effect is present in it. Read-only.
import type pg from "pg";
import type { StatementEffect } from "../sql/effects";

export type Presence = "present" | "absent" | "unknown";

export interface CatalogSnapshot {
  currentSchema: string;
  relations: Set<string>;
  indexes: Set<string>;
  columns: Set<string>;
  constraints: Set<string>;
  types: Set<string>;
  enumValues: Set<string>;
  triggers: Set<string>;
  functions: Set<string>;
  schemas: Set<string>;
  extensions: Set<string>;
  availableExtensions: Set<string>;
}

const USER_SCHEMAS =
  "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'";
const k = (...parts: string[]) => parts.join("\u0000");

/** Each set of the snapshot and the catalog query listing its keys (the key's parts as columns). */
const CATALOG_QUERIES: Record<Exclude<keyof CatalogSnapshot, "currentSchema">, string> = {
  relations: `SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS} AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')`,
  indexes: `SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS} AND c.relkind IN ('i', 'I')`,
  columns: `SELECT n.nspname, c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS} AND a.attnum > 0 AND NOT a.attisdropped`,
  constraints: `SELECT n.nspname, c.relname, o.conname FROM pg_constraint o JOIN pg_class c ON c.oid = o.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS}`,
  types: `SELECT n.nspname, t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ${USER_SCHEMAS}`,
  enumValues: `SELECT n.nspname, t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ${USER_SCHEMAS}`,
  triggers: `SELECT n.nspname, c.relname, g.tgname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS} AND NOT g.tgisinternal`,
  functions: `SELECT n.nspname, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${USER_SCHEMAS}`,
  schemas: "SELECT nspname FROM pg_namespace",
  extensions: "SELECT extname FROM pg_extension",
  availableExtensions: "SELECT name FROM pg_available_extensions",
};

/**
 * Every catalog list in one message (simple protocol, several statements): one round trip, one snapshot when no
 * transaction is open, and no queries queued on the client at once (which pg deprecates).
 */
export async function loadCatalogSnapshot(client: pg.ClientBase): Promise<CatalogSnapshot> {
  const sets = Object.entries(CATALOG_QUERIES);
  const results = (await client.query({
    text: ["SELECT current_schema()", ...sets.map(([, sql]) => sql)].join(";\n"),
    rowMode: "array",
  })) as unknown as pg.QueryArrayResult<string[]>[];
  const snapshot = { currentSchema: results[0].rows[0][0] } as CatalogSnapshot;
  sets.forEach(([name], i) => {
    snapshot[name as keyof typeof CATALOG_QUERIES] = new Set(results[i + 1].rows.map((row) => k(...row)));
  });
  return snapshot;
}

/** Whether the object an effect names exists; null when the catalogs cannot tell (no name, unsupported kind). */
export function objectExists(snapshot: CatalogSnapshot, e: StatementEffect): boolean | null {
  const schema = e.schema ?? snapshot.currentSchema;
  switch (e.objectType) {
    case "table":
    case "view":
    case "materialized_view":
    case "sequence":
      return e.name ? snapshot.relations.has(k(schema, e.name)) : null;
    case "index":
      return e.name ? snapshot.indexes.has(k(schema, e.name)) : null;
    case "column":
      return e.table && e.name ? snapshot.columns.has(k(schema, e.table, e.name)) : null;
    case "constraint":
      return e.table && e.name ? snapshot.constraints.has(k(schema, e.table, e.name)) : null;
    case "type":
    case "domain":
      return e.name ? snapshot.types.has(k(schema, e.name)) : null;
    case "enum_value":
      // For enum values, `table` holds the enum type's name.
      return e.table && e.name ? snapshot.enumValues.has(k(schema, e.table, e.name)) : null;
    case "extension":
      return e.name ? snapshot.extensions.has(k(e.name)) : null;
    case "schema":
      return e.name ? snapshot.schemas.has(k(e.name)) : null;
    case "trigger":
      return e.table && e.name ? snapshot.triggers.has(k(schema, e.table, e.name)) : null;
    case "function":
    case "procedure":
      return e.name ? snapshot.functions.has(k(schema, e.name)) : null;
    default:
      return null;
  }
}

/** Whether the effect of a statement is in the database now. */
export function probeEffect(snapshot: CatalogSnapshot, e: StatementEffect): Presence {
  // An ALTER (SET NOT NULL, a type change…) leaves the object in place either way: the catalogs cannot tell.
  if (e.kind === "create") {
    const exists = objectExists(snapshot, e);
    return exists === null ? "unknown" : exists ? "present" : "absent";
  }
  if (e.kind === "drop") {
    const exists = objectExists(snapshot, e);
    return exists === null ? "unknown" : exists ? "absent" : "present";
  }
  if (e.kind === "rename" && e.newName) {
    const renamed = objectExists(snapshot, { ...e, name: e.newName });
    return renamed === null ? "unknown" : renamed ? "present" : "absent";
  }
  return "unknown";
}

export function extensionAvailable(snapshot: CatalogSnapshot, name: string): boolean {
  return snapshot.availableExtensions.has(k(name));
}
