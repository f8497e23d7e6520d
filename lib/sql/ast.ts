// Small readers for libpg-query's JSON AST, where every node is `{ NodeType: { …fields } }`, typed by
// @pgsql/types (generated from PostgreSQL's own node definitions).
import type { ColumnDef, Node, RangeVar, TypeName } from "@pgsql/types";

export type { Node };

/** Every node kind: the key of the `{ Kind: { … } }` wrapper (`CreateStmt`, `IndexStmt`, `String`, …). */
export type NodeKind = Node extends infer N ? (N extends unknown ? keyof N : never) : never;

/** The fields of a node of kind K. */
export type NodeOf<K extends NodeKind> = Node extends infer N ? (N extends { [P in K]: infer V } ? V : never) : never;

/** A node with its kind, as a pair that a check of the kind narrows: `if (kind === "ColumnDef") node.colname`. */
export type UnwrappedNode = { [K in NodeKind]: [K, NodeOf<K>] }[NodeKind];

/** A node with its kind, as fields that a check of `kind` narrows. */
export type KindedNode = { [K in NodeKind]: { kind: K; node: NodeOf<K> } }[NodeKind];

/** A relation as the statement names it: `schema` is null when unqualified (resolved through search_path). */
export interface RelationRef {
  schema: string | null;
  name: string;
  /** Byte offset of the name in the script, when the parser reports one. */
  location: number | null;
}

/** `{ Kind: { … } }` → ["Kind", { … }]; anything else → ["", {}]. */
export function unwrapNode(value: Node | null | undefined): UnwrappedNode | ["", Record<string, never>] {
  if (!value || typeof value !== "object") return ["", {}];
  const kind = Object.keys(value)[0] as NodeKind | undefined;
  if (!kind) return ["", {}];
  const inner = (value as Record<string, unknown>)[kind];
  return [kind, inner && typeof inner === "object" ? inner : {}] as UnwrappedNode;
}

export function asArray<T>(value: T[] | null | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

export function asNumber(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

/** `[{ String: { sval } }, …]` (or a `{ List: { items } }`) → the strings. */
export function readNames(value: Node[] | Node | null | undefined): string[] {
  const items = Array.isArray(value)
    ? value
    : (() => {
        const [kind, inner] = unwrapNode(value);
        return kind === "List" ? asArray(inner.items) : [];
      })();
  return items.map((item) => {
    const [itemKind, itemInner] = unwrapNode(item);
    return itemKind === "String" ? (itemInner.sval ?? "") : "";
  });
}

/** A qualified name list → { schema, name } (the last part is the name, the one before it the schema). */
export function splitQualified(names: string[]): { schema: string | null; name: string | null } {
  if (names.length === 0) return { schema: null, name: null };
  return { schema: names.length > 1 ? names[names.length - 2] : null, name: names[names.length - 1] };
}

export function readRangeVar(value: RangeVar | null | undefined): RelationRef | null {
  if (!value || typeof value.relname !== "string") return null;
  return { schema: value.schemaname ?? null, name: value.relname, location: value.location ?? null };
}

/** A wrapped node as `{ kind, node }`, or null for anything that is not a node. */
export function toKindedNode(value: Node | null | undefined): KindedNode | null {
  const [kind, node] = unwrapNode(value);
  return kind ? ({ kind, node } as KindedNode) : null;
}

/** A node that may come wrapped (`{ RangeVar: { … } }`, as in lists) as its fields, when it is of that kind. */
export function unwrapAs<K extends NodeKind>(kind: K, value: Node | null | undefined): NodeOf<K> | null {
  const [actual, inner] = unwrapNode(value);
  return actual === kind ? (inner as NodeOf<K>) : null;
}

/** Renders a TypeName the way a person would read it (`timestamp(3)`, `"MessageStatus"[]`), without guessing aliases. */
export function formatTypeName(value: TypeName | null | undefined): string {
  const node = value ?? {};
  const names = readNames(node.names);
  const shown = names[0] === "pg_catalog" && names.length > 1 ? names.slice(1) : names;
  const mods = asArray(node.typmods).map((m) => {
    const constant = unwrapAs("A_Const", m);
    // A_Const omits zero values: `{ ival: {} }` is 0.
    if (constant?.ival) return String(constant.ival.ival ?? 0);
    if (constant?.sval) return String(constant.sval.sval ?? "");
    return "…";
  });
  const bounds = asArray(node.arrayBounds).length;
  return `${shown.join(".")}${mods.length ? `(${mods.join(",")})` : ""}${"[]".repeat(bounds)}`;
}

/** A ColumnDef's inline constraints, as their `contype` values (`CONSTR_NOTNULL`, `CONSTR_DEFAULT`, …). */
export function columnConstraintTypes(columnDef: ColumnDef): string[] {
  return asArray(columnDef.constraints).map((c) => unwrapAs("Constraint", c)?.contype ?? "");
}
