// Asks the target's catalogs whether an effect exists now. Read-only; one short query per effect.
import type pg from "pg";
import type { StatementEffect } from "../sql/effects";

export type Presence = "present" | "absent" | "unknown";

type Query = { sql: string; params: unknown[] };

const SCHEMA = "coalesce($1::text, current_schema())";

function existenceQuery(e: StatementEffect): Query | null {
  const schema = e.schema;
  switch (e.objectType) {
    case "table":
    case "view":
    case "materialized_view":
    case "sequence":
      return e.name
        ? { sql: `SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ${SCHEMA} AND c.relname = $2)`, params: [schema, e.name] }
        : null;
    case "index":
      return e.name
        ? { sql: `SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ${SCHEMA} AND c.relname = $2 AND c.relkind IN ('i', 'I'))`, params: [schema, e.name] }
        : null;
    case "column":
      return e.table && e.name
        ? {
            sql: `SELECT EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ${SCHEMA} AND c.relname = $2 AND a.attname = $3 AND a.attnum > 0 AND NOT a.attisdropped)`,
            params: [schema, e.table, e.name],
          }
        : null;
    case "constraint":
      return e.table && e.name
        ? {
            sql: `SELECT EXISTS (SELECT 1 FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ${SCHEMA} AND c.relname = $2 AND k.conname = $3)`,
            params: [schema, e.table, e.name],
          }
        : null;
    case "type":
    case "domain":
      return e.name
        ? { sql: `SELECT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ${SCHEMA} AND t.typname = $2)`, params: [schema, e.name] }
        : null;
    case "enum_value":
      return e.table && e.name
        ? {
            sql: `SELECT EXISTS (SELECT 1 FROM pg_enum v JOIN pg_type t ON t.oid = v.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ${SCHEMA} AND t.typname = $2 AND v.enumlabel = $3)`,
            params: [schema, e.table, e.name],
          }
        : null;
    case "extension":
      return e.name ? { sql: "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = $1)", params: [e.name] } : null;
    case "schema":
      return e.name ? { sql: "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", params: [e.name] } : null;
    case "trigger":
      return e.table && e.name
        ? {
            sql: `SELECT EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ${SCHEMA} AND c.relname = $2 AND g.tgname = $3)`,
            params: [schema, e.table, e.name],
          }
        : null;
    case "function":
    case "procedure":
      return e.name
        ? { sql: `SELECT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ${SCHEMA} AND p.proname = $2)`, params: [schema, e.name] }
        : null;
    default:
      return null;
  }
}

export async function objectExists(client: pg.ClientBase, e: StatementEffect): Promise<boolean | null> {
  const query = existenceQuery(e);
  if (!query) return null;
  const { rows } = await client.query<{ exists: boolean }>(query.sql, query.params);
  return rows[0]?.exists ?? null;
}

/** Whether the effect of a statement is in the database now. */
export async function probeEffect(client: pg.ClientBase, e: StatementEffect): Promise<Presence> {
  if (e.kind === "create" || e.kind === "alter") {
    // An ALTER (e.g. SET NOT NULL, type change) leaves the object in place either way: unknown unless it adds one.
    if (e.kind === "alter") return "unknown";
    const exists = await objectExists(client, e);
    return exists === null ? "unknown" : exists ? "present" : "absent";
  }
  if (e.kind === "drop") {
    const exists = await objectExists(client, e);
    return exists === null ? "unknown" : exists ? "absent" : "present";
  }
  if (e.kind === "rename" && e.newName) {
    const renamed = await objectExists(client, { ...e, name: e.newName });
    return renamed === null ? "unknown" : renamed ? "present" : "absent";
  }
  return "unknown";
}

/** Extensions the server can install (pg_available_extensions), for deploy checks. */
export async function availableExtension(client: pg.ClientBase, name: string): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = $1) AS ok", [name]);
  return rows[0]?.ok ?? false;
}
