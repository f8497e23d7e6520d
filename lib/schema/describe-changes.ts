// Names the objects a schema-changing script touches, from PostgreSQL's own parser: what a drift or a compare is about.
import { describeScript, type StatementEffect } from "../sql/effects";

export type SchemaChangeKind = "added" | "removed" | "changed" | "renamed" | "other";

export interface SchemaChange {
  kind: SchemaChangeKind;
  /** table, column, index, constraint, type, enum_value, … */
  objectType: string;
  /** `Table`, `Table.column`, `Enum.value`, `index_name`. */
  object: string;
  /** 1-based line of the statement in the SQL. */
  line: number;
  statement: string;
}

const TABLE_SCOPED = new Set(["column", "constraint", "trigger", "enum_value", "attribute"]);

function nameOf(e: StatementEffect): string {
  const own = e.name ?? e.table ?? "?";
  return TABLE_SCOPED.has(e.objectType) && e.table ? `${e.table}.${own}` : own;
}

function kindOf(e: StatementEffect): SchemaChangeKind {
  if (e.kind === "create") return "added";
  if (e.kind === "drop") return "removed";
  if (e.kind === "alter") return "changed";
  if (e.kind === "rename") return "renamed";
  return "other";
}

/**
 * The changes a script makes, one per object (a table created with its columns is one change, not one per
 * column). `added` means the script creates it: read it as "the side the script leads to has it".
 */
export async function describeSchemaChanges(sql: string): Promise<SchemaChange[]> {
  const described = await describeScript(sql);
  if (!described.ok)
    return [
      {
        kind: "other",
        objectType: "statement",
        object: "(unparsed)",
        line: described.error.line ?? 1,
        statement: sql.slice(0, 200),
      },
    ];
  const changes: SchemaChange[] = [];
  const seen = new Set<string>();
  // The columns, constraints and indexes of a table the script creates (or drops) belong to that table's change.
  const wholeTables = new Set<string>();
  for (const s of described.statements) {
    for (const e of s.effects) {
      if (e.objectType === "comment" || e.kind === "data") continue;
      if (e.objectType === "table" && (e.kind === "create" || e.kind === "drop") && e.name) {
        wholeTables.add(`${e.kind}:${e.name}`);
      } else if (e.table && (e.kind === "create" || e.kind === "drop") && wholeTables.has(`${e.kind}:${e.table}`))
        continue;
      const change: SchemaChange = {
        kind: kindOf(e),
        objectType: e.objectType,
        object: nameOf(e),
        line: s.line,
        statement: s.text.trim().slice(0, 500),
      };
      const key = `${change.kind}:${change.objectType}:${change.object}`;
      if (seen.has(key)) continue;
      seen.add(key);
      changes.push(change);
    }
  }
  return changes;
}
