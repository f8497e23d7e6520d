// What exists in a target database, read from its catalogs in one query (one snapshot per check), and whether an
// effect is present in it. Read-only. A check passes the effects it will probe: only the catalog rows of the
// objects they name are read (a 300-table database is not listed to check a migration touching three of them).
import type pg from "pg";
import type { StatementEffect } from "../sql/effects";

export type Presence = "present" | "absent" | "unknown";

type CatalogSet =
  | "relations"
  | "indexes"
  | "columns"
  | "constraints"
  | "types"
  | "enumValues"
  | "triggers"
  | "functions"
  | "schemas"
  | "extensions"
  | "availableExtensions";

export interface CatalogSnapshot extends Record<CatalogSet, Set<string>> {
  currentSchema: string;
  /** The names this snapshot was read for (null: everything): a name outside them is not known, not absent. */
  scope: CatalogScope | null;
}

/** The names a snapshot reads, by catalog: relations (tables, views, sequences, indexes), types, functions… */
export interface CatalogScope {
  relations: Set<string>;
  types: Set<string>;
  functions: Set<string>;
  schemas: Set<string>;
  extensions: Set<string>;
}

const USER_SCHEMAS =
  "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'";
const k = (...parts: string[]) => parts.join("\u0000");

/**
 * Each set and the catalog query listing its keys (up to three text columns, unused ones NULL), with the filter
 * that limits it to a scope's names (the `scope` row: relations, types, functions, schemas, extensions).
 */
const CLASS = "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace";
const CATALOG_QUERIES: Record<CatalogSet, { columns: string; from: string; scoped: string }> = {
  relations: {
    columns: "n.nspname, c.relname, NULL",
    from: `${CLASS} WHERE ${USER_SCHEMAS} AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')`,
    scoped: "c.relname = ANY((SELECT relations FROM scope)::name[])",
  },
  indexes: {
    columns: "n.nspname, c.relname, NULL",
    from: `${CLASS} WHERE ${USER_SCHEMAS} AND c.relkind IN ('i', 'I')`,
    scoped: "c.relname = ANY((SELECT relations FROM scope)::name[])",
  },
  columns: {
    columns: "n.nspname, c.relname, a.attname",
    from: `FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS} AND a.attnum > 0 AND NOT a.attisdropped`,
    scoped: "c.relname = ANY((SELECT relations FROM scope)::name[])",
  },
  constraints: {
    columns: "n.nspname, c.relname, o.conname",
    from: `FROM pg_constraint o JOIN pg_class c ON c.oid = o.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS}`,
    scoped: "c.relname = ANY((SELECT relations FROM scope)::name[])",
  },
  types: {
    columns: "n.nspname, t.typname, NULL",
    from: `FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ${USER_SCHEMAS}`,
    scoped: "t.typname = ANY((SELECT types FROM scope)::name[])",
  },
  enumValues: {
    columns: "n.nspname, t.typname, e.enumlabel",
    from: `FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ${USER_SCHEMAS}`,
    scoped: "t.typname = ANY((SELECT types FROM scope)::name[])",
  },
  triggers: {
    columns: "n.nspname, c.relname, g.tgname",
    from: `FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS} AND NOT g.tgisinternal`,
    scoped: "c.relname = ANY((SELECT relations FROM scope)::name[])",
  },
  functions: {
    columns: "n.nspname, p.proname, NULL",
    from: `FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${USER_SCHEMAS}`,
    scoped: "p.proname = ANY((SELECT functions FROM scope)::name[])",
  },
  schemas: {
    columns: "nspname, NULL, NULL",
    from: "FROM pg_namespace WHERE true",
    scoped: "nspname = ANY((SELECT schemas FROM scope)::name[])",
  },
  extensions: {
    columns: "extname, NULL, NULL",
    from: "FROM pg_extension WHERE true",
    scoped: "extname = ANY((SELECT extensions FROM scope)::name[])",
  },
  availableExtensions: {
    columns: "name, NULL, NULL",
    from: "FROM pg_available_extensions WHERE true",
    scoped: "name = ANY((SELECT extensions FROM scope)::name[])",
  },
};

/** The catalog sets whose rows a scope can need (the others stay empty). */
function neededSets(scope: CatalogScope): CatalogSet[] {
  const sets: CatalogSet[] = [];
  if (scope.relations.size > 0) sets.push("relations", "indexes", "columns", "constraints", "triggers");
  if (scope.types.size > 0) sets.push("types", "enumValues");
  if (scope.functions.size > 0) sets.push("functions");
  if (scope.schemas.size > 0) sets.push("schemas");
  if (scope.extensions.size > 0) sets.push("extensions", "availableExtensions");
  return sets;
}

/** The names the effects refer to, by the catalog that holds them. */
export function scopeOfEffects(effects: Iterable<StatementEffect>): CatalogScope {
  const scope: CatalogScope = {
    relations: new Set(),
    types: new Set(),
    functions: new Set(),
    schemas: new Set(),
    extensions: new Set(),
  };
  for (const e of effects) {
    const names = [e.name, e.newName].filter((n): n is string => Boolean(n));
    if (e.schema) scope.schemas.add(e.schema);
    switch (e.objectType) {
      case "table":
      case "view":
      case "materialized_view":
      case "sequence":
      case "index":
        for (const n of names) scope.relations.add(n);
        break;
      case "type":
      case "domain":
        for (const n of names) scope.types.add(n);
        break;
      case "function":
      case "procedure":
        for (const n of names) scope.functions.add(n);
        break;
      case "schema":
        for (const n of names) scope.schemas.add(n);
        break;
      case "extension":
        for (const n of names) scope.extensions.add(n);
        break;
    }
    // The object's table (a column's, an index's, a trigger's) or, for an enum value, its type.
    if (e.table) (e.objectType === "enum_value" ? scope.types : scope.relations).add(e.table);
  }
  return scope;
}

/**
 * The catalog lists, in one statement: one round trip and one snapshot. With a scope, only the rows of the
 * objects it names; without, every object of the user's schemas (as the drift check's guard needs).
 */
export async function loadCatalogSnapshot(client: pg.ClientBase, scope?: CatalogScope): Promise<CatalogSnapshot> {
  const sets = scope ? neededSets(scope) : (Object.keys(CATALOG_QUERIES) as CatalogSet[]);
  const parts = [
    "SELECT 'currentSchema' AS set, current_schema()::text AS a, NULL::text AS b, NULL::text AS c",
    ...sets.map((set) => {
      const { columns, from, scoped } = CATALOG_QUERIES[set];
      const cast = columns
        .split(", ")
        .map((column) => `${column}::text`)
        .join(", ");
      return `SELECT '${set}', ${cast} ${from}${scope ? ` AND ${scoped}` : ""}`;
    }),
  ];
  const list = (names: Set<string> | undefined) => [...(names ?? [])];
  // Every parameter named once, in a CTE, whichever sets the scope needs.
  const scopeRow = scope
    ? "WITH scope(relations, types, functions, schemas, extensions) AS (SELECT $1::name[], $2::name[], $3::name[], $4::name[], $5::name[])\n"
    : "";
  const { rows } = await client.query<{
    set: CatalogSet | "currentSchema";
    a: string;
    b: string | null;
    c: string | null;
  }>(
    scopeRow + parts.join("\nUNION ALL\n"),
    scope
      ? [list(scope.relations), list(scope.types), list(scope.functions), list(scope.schemas), list(scope.extensions)]
      : [],
  );
  const snapshot = { currentSchema: "public", scope: scope ?? null } as CatalogSnapshot;
  for (const set of Object.keys(CATALOG_QUERIES) as CatalogSet[]) snapshot[set] = new Set();
  for (const row of rows) {
    if (row.set === "currentSchema") snapshot.currentSchema = row.a;
    else snapshot[row.set].add(k(...[row.a, row.b, row.c].filter((p): p is string => p !== null)));
  }
  return snapshot;
}

/** The name an effect is looked up by in its catalog set, and whether the snapshot read it. */
function inScope(snapshot: CatalogSnapshot, e: StatementEffect): boolean {
  const scope = snapshot.scope;
  if (!scope) return true;
  switch (e.objectType) {
    case "table":
    case "view":
    case "materialized_view":
    case "sequence":
    case "index":
      return Boolean(e.name && scope.relations.has(e.name));
    case "column":
    case "constraint":
    case "trigger":
      return Boolean(e.table && scope.relations.has(e.table));
    case "type":
    case "domain":
      return Boolean(e.name && scope.types.has(e.name));
    case "enum_value":
      return Boolean(e.table && scope.types.has(e.table));
    case "extension":
      return Boolean(e.name && scope.extensions.has(e.name));
    case "schema":
      return Boolean(e.name && scope.schemas.has(e.name));
    case "function":
    case "procedure":
      return Boolean(e.name && scope.functions.has(e.name));
    default:
      return false;
  }
}

/**
 * Whether the object an effect names exists; null when the catalogs cannot tell (no name, unsupported kind) or
 * the snapshot was read for other names (a scoped snapshot never answers "absent" for what it did not read).
 */
export function objectExists(snapshot: CatalogSnapshot, e: StatementEffect): boolean | null {
  if (!inScope(snapshot, e)) return null;
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

/** Whether the server can provide the extension (pg_available_extensions); a scoped snapshot must name it. */
export function extensionAvailable(snapshot: CatalogSnapshot, name: string): boolean {
  return snapshot.availableExtensions.has(k(name));
}
