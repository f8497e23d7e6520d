// What earlier statements of the same script did: several rules only matter for tables that existed before
// the migration (an index on a table created two lines up cannot block anyone).
import type { RelationRef } from "./ast";
import type { StatementEffect } from "./effects";

export interface TableName {
  schema: string | null;
  name: string;
}

/** Same table, treating an unqualified name as matching any schema (we cannot know search_path statically). */
export function isSameTable(a: TableName, b: TableName): boolean {
  return a.name === b.name && (a.schema === null || b.schema === null || a.schema === b.schema);
}

export class ScriptState {
  private readonly created: TableName[] = [];

  /** True when an earlier statement of this script created the table (and did not drop it). */
  createdInScript(table: TableName | RelationRef | null): boolean {
    return table !== null && this.created.some((t) => isSameTable(t, table));
  }

  recordEffects(effects: StatementEffect[]): void {
    for (const e of effects) {
      if (e.objectType !== "table" || e.name === null) continue;
      const table = { schema: e.schema, name: e.name };
      if (e.kind === "create") this.created.push(table);
      else if (e.kind === "drop") this.forget(table);
      else if (e.kind === "rename" && e.newName && this.createdInScript(table)) {
        this.forget(table);
        this.created.push({ schema: e.schema, name: e.newName });
      }
    }
  }

  private forget(table: TableName): void {
    for (let i = this.created.length - 1; i >= 0; i--)
      if (isSameTable(this.created[i], table)) this.created.splice(i, 1);
  }
}
