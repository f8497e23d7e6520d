// Small readers for libpg-query's JSON AST, where every node is `{ NodeType: { …fields } }`.

export type AstNode = Record<string, unknown>;

/** A relation as the statement names it: `schema` is null when unqualified (resolved through search_path). */
export interface RelationRef {
  schema: string | null;
  name: string;
  /** Byte offset of the name in the script, when the parser reports one. */
  location: number | null;
}

/** `{ Kind: { … } }` → ["Kind", { … }]; anything else → ["", {}]. */
export function unwrapNode(value: unknown): [string, AstNode] {
  if (!value || typeof value !== "object") return ["", {}];
  const kind = Object.keys(value)[0] ?? "";
  const inner = (value as AstNode)[kind];
  return [kind, inner && typeof inner === "object" ? (inner as AstNode) : {}];
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

export function asNumber(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

/** `[{ String: { sval } }, …]` (or a `{ List: { items } }`) → the strings. */
export function readNames(value: unknown): string[] {
  const [kind, inner] = unwrapNode(value);
  const items = kind === "List" ? asArray(inner.items) : asArray(value);
  return items.map((item) => {
    const [itemKind, itemInner] = unwrapNode(item);
    return itemKind === "String" ? (asString(itemInner.sval) ?? "") : "";
  });
}

/** A qualified name list → { schema, name } (the last part is the name, the one before it the schema). */
export function splitQualified(names: string[]): { schema: string | null; name: string | null } {
  if (names.length === 0) return { schema: null, name: null };
  return { schema: names.length > 1 ? names[names.length - 2] : null, name: names[names.length - 1] };
}

export function readRangeVar(value: unknown): RelationRef | null {
  if (!value || typeof value !== "object") return null;
  const node = value as AstNode;
  const name = asString(node.relname);
  if (name === null) return null;
  return { schema: asString(node.schemaname), name, location: asNumber(node.location) };
}

/** Renders a TypeName the way a person would read it (`timestamp(3)`, `"MessageStatus"[]`), without guessing aliases. */
export function formatTypeName(value: unknown): string {
  const [kind, inner] = unwrapNode(value);
  const node = kind === "TypeName" ? inner : (value as AstNode | null) ?? {};
  const names = readNames(node.names);
  const shown = names[0] === "pg_catalog" && names.length > 1 ? names.slice(1) : names;
  const mods = asArray(node.typmods).map((m) => {
    const [mk, mi] = unwrapNode(m);
    // A_Const omits zero values: `{ ival: {} }` is 0.
    if (mk === "A_Const" && mi.ival && typeof mi.ival === "object") return String((mi.ival as AstNode).ival ?? 0);
    if (mk === "A_Const" && mi.sval && typeof mi.sval === "object") return String((mi.sval as AstNode).sval ?? "");
    return "…";
  });
  const bounds = asArray(node.arrayBounds).length;
  return `${shown.join(".")}${mods.length ? `(${mods.join(",")})` : ""}${"[]".repeat(bounds)}`;
}

/** A ColumnDef's inline constraints, as their `contype` values (`CONSTR_NOTNULL`, `CONSTR_DEFAULT`, …). */
export function columnConstraintTypes(columnDef: AstNode): string[] {
  return asArray(columnDef.constraints).map((c) => asString(unwrapNode(c)[1].contype) ?? "");
}
