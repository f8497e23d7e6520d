// Before a deploy: will the pending migrations meet the target as it is? Extensions the server cannot provide,
// objects they alter that do not exist, objects they create that already exist. Earlier pending statements
// count: a table created by one migration may be altered by the next.
import { describeScript, type DescribedStatement, type StatementEffect } from "../sql/effects";
import { extensionAvailable, loadCatalogSnapshot, objectExists, scopeOfEffects } from "./probe-catalog";
import { withReadOnlyTarget } from "./read-only-target";

export interface TargetFinding {
  code: "missing_extension" | "missing_object" | "object_exists";
  migrationName: string;
  line: number;
  message: string;
}

/** Objects that belong to a table (an index belongs to its schema: two tables cannot have indexes of one name). */
const TABLE_SCOPED = new Set(["column", "constraint", "trigger", "enum_value", "attribute", "policy", "rule"]);

/**
 * One key per object whatever the spelling: `"public"."T"` and `"T"` are the same table when the environment's
 * schema is public, and `DROP INDEX "x"` names the index `CREATE INDEX "x" ON "t"` made.
 */
function objectKey(
  e: Pick<StatementEffect, "objectType" | "schema" | "table" | "name">,
  currentSchema: string,
  name = e.name,
): string {
  const schema = ["extension", "schema"].includes(e.objectType) ? "" : (e.schema ?? currentSchema);
  const table = TABLE_SCOPED.has(e.objectType) ? (e.table ?? "") : "";
  return `${e.objectType}:${schema}:${table}:${name ?? ""}`;
}

/** The table a statement needs to exist beforehand (ALTER TABLE …, CREATE INDEX ON …, ADD COLUMN …). */
function requiredTable(e: StatementEffect): string | null {
  if (e.objectType === "table") return e.kind === "create" ? null : e.ifExists ? null : e.table;
  if (["column", "index", "constraint", "trigger"].includes(e.objectType)) return e.table;
  return null;
}

export async function checkDeployTarget(
  url: string,
  migrations: Array<{ name: string; sql: string }>,
  options: { connectTimeoutMs?: number } = {},
): Promise<TargetFinding[]> {
  const described: Array<{ name: string; statements: DescribedStatement[] }> = [];
  for (const migration of migrations) {
    const script = await describeScript(migration.sql);
    if (script.ok) described.push({ name: migration.name, statements: script.statements }); // else: the preflight's parse warning
  }
  // Only the catalog rows of the objects the pending migrations name (and the tables they need).
  const scope = scopeOfEffects(described.flatMap((m) => m.statements.flatMap((s) => s.effects)));
  return withReadOnlyTarget(
    url,
    { connectTimeoutMs: options.connectTimeoutMs, applicationName: "runway (preflight)" },
    async (client) => {
      const snapshot = await loadCatalogSnapshot(client, scope);
      const findings: TargetFinding[] = [];
      const created = new Set<string>();
      const dropped = new Set<string>();
      const key = (e: Pick<StatementEffect, "objectType" | "schema" | "table" | "name">, name = e.name) =>
        objectKey(e, snapshot.currentSchema, name);
      const exists = (e: StatementEffect): boolean | null => {
        const k = key(e);
        if (created.has(k)) return true;
        if (dropped.has(k)) return false;
        return objectExists(snapshot, e);
      };
      for (const migration of described) {
        for (const s of migration.statements) {
          for (const e of s.effects) {
            const tableName = requiredTable(e);
            if (tableName) {
              const tableThere = exists({
                kind: "create",
                objectType: "table",
                schema: e.schema,
                table: tableName,
                name: tableName,
              });
              if (tableThere === false && !e.ifExists)
                findings.push({
                  code: "missing_object",
                  migrationName: migration.name,
                  line: s.line,
                  message: `Table "${tableName}" does not exist in this database: the statement will fail (42P01), as in the runbook.`,
                });
            }
            if (e.kind === "create" && e.objectType === "extension" && e.name) {
              if (!extensionAvailable(snapshot, e.name))
                findings.push({
                  code: "missing_extension",
                  migrationName: migration.name,
                  line: s.line,
                  message: `The server cannot provide the extension "${e.name}" (not in pg_available_extensions): install it on the server first.`,
                });
            }
            if (e.kind === "create" && !e.ifNotExists) {
              const already = exists(e);
              if (already === true && !created.has(key(e)))
                findings.push({
                  code: "object_exists",
                  migrationName: migration.name,
                  line: s.line,
                  message: `${e.objectType.replace("_", " ")} "${e.name}" already exists: the statement will fail unless it is made re-runnable (IF NOT EXISTS).`,
                });
            }
            const k = key(e);
            if (e.kind === "create") {
              created.add(k);
              dropped.delete(k);
            }
            if (e.kind === "drop") {
              dropped.add(k);
              created.delete(k);
            }
            if (e.kind === "rename" && e.newName) {
              dropped.add(k);
              created.add(key(e, e.newName));
            }
          }
        }
      }
      return findings;
    },
  );
}
