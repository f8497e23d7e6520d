// What a migration's guarded statements (inside DO blocks: "skip when the table is missing", as Runway's
// re-runnable rewrite and the runbook write them) were meant to create, and which of those objects the live
// database lacks. A replay cannot show them: in the shadow the guard skips exactly as it did on the target, so a
// rewrite that became a silent no-op reads as "no drift". The original's intent is in the guarded statements.
import { parsePlPgSQL } from "libpg-query";
import { loadCatalogSnapshot, objectExists, scopeOfEffects } from "../diagnosis/probe-catalog";
import { withReadOnlyTarget } from "../diagnosis/read-only-target";
import type { LocalMigration } from "../migrations/types";
import { describeEffects, describeScript, type StatementEffect } from "../sql/effects";
import { parseMigrationScript } from "../sql/parse-script";
import type { SchemaChange } from "./describe-changes";

const TABLE_SCOPED = new Set(["column", "constraint", "trigger", "enum_value"]);
const keyOf = (e: Pick<StatementEffect, "objectType" | "schema" | "table" | "name">) =>
  `${e.objectType}:${e.schema ?? ""}:${TABLE_SCOPED.has(e.objectType) ? (e.table ?? "") : ""}:${e.name ?? ""}`;

/** The SQL statements a DO block's PL/pgSQL body runs (EXECUTE of literal SQL included as PL/pgSQL parses it). */
async function statementsOfDoBody(body: string): Promise<string[]> {
  const tag = "$runway_body$";
  if (body.includes(tag)) return [];
  let tree: unknown;
  try {
    tree = await parsePlPgSQL(`CREATE FUNCTION runway_do() RETURNS void LANGUAGE plpgsql AS ${tag}${body}${tag};`);
  } catch {
    return [];
  }
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    const exec = record.PLpgSQL_stmt_execsql as { sqlstmt?: { PLpgSQL_expr?: { query?: string } } } | undefined;
    if (exec?.sqlstmt?.PLpgSQL_expr?.query) found.push(exec.sqlstmt.PLpgSQL_expr.query);
    Object.values(record).forEach(walk);
  };
  walk(tree);
  return found;
}

interface Intended {
  effect: StatementEffect;
  migrationName: string;
  statement: string;
}

/** The create effects of every guarded statement, minus what a later migration drops or renames. */
async function intendedObjects(migrations: LocalMigration[]): Promise<Map<string, Intended>> {
  const intended = new Map<string, Intended>();
  for (const migration of migrations) {
    const parsed = await parseMigrationScript(migration.sql);
    if (!parsed.ok) continue;
    const plain: StatementEffect[] = [];
    const guarded: Array<{ effect: StatementEffect; statement: string }> = [];
    for (const s of parsed.statements) {
      if (s.kind !== "DoStmt") {
        plain.push(...describeEffects(s));
        continue;
      }
      const args =
        (s.node.args as Array<{ DefElem?: { defname?: string; arg?: { String?: { sval?: string } } } }> | undefined) ??
        [];
      const body = args.find((a) => a.DefElem?.defname === "as")?.DefElem?.arg?.String?.sval;
      if (!body) continue;
      for (const inner of await statementsOfDoBody(body)) {
        const described = await describeScript(inner);
        if (!described.ok) continue;
        for (const d of described.statements)
          for (const effect of d.effects) guarded.push({ effect, statement: inner.trim() });
      }
    }
    // A later migration's drops and renames (plain or guarded) undo what an earlier one meant to create.
    for (const e of [...plain, ...guarded.map((g) => g.effect)]) {
      if (e.kind !== "drop" && e.kind !== "rename") continue;
      intended.delete(keyOf(e));
      // A table dropped or renamed takes its columns, constraints and indexes with it.
      if (e.objectType === "table" && e.name)
        for (const [k, v] of intended) if (v.effect.table === e.name) intended.delete(k);
    }
    for (const g of guarded)
      if (
        g.effect.kind === "create" &&
        g.effect.name &&
        ["table", "column", "index", "constraint", "type", "enum_value"].includes(g.effect.objectType)
      )
        intended.set(keyOf(g.effect), { effect: g.effect, migrationName: migration.name, statement: g.statement });
  }
  return intended;
}

/** Objects that applied migrations' guarded statements would have created and the live database lacks. */
export async function findSkippedGuardedObjects(
  url: string,
  applied: LocalMigration[],
  options: { connectTimeoutMs?: number } = {},
): Promise<SchemaChange[]> {
  if (!applied.some((m) => /\bDO\b/i.test(m.sql))) return [];
  const intended = await intendedObjects(applied);
  if (intended.size === 0) return [];
  return withReadOnlyTarget(
    url,
    { connectTimeoutMs: options.connectTimeoutMs, applicationName: "runway (drift)" },
    async (client) => {
      const snapshot = await loadCatalogSnapshot(client, scopeOfEffects([...intended.values()].map((i) => i.effect)));
      const missing: SchemaChange[] = [];
      for (const { effect, migrationName, statement } of intended.values()) {
        if (objectExists(snapshot, effect) !== false) continue;
        const object =
          TABLE_SCOPED.has(effect.objectType) && effect.table ? `${effect.table}.${effect.name}` : (effect.name ?? "?");
        missing.push({
          kind: "removed",
          objectType: effect.objectType,
          object,
          line: 0,
          statement: `${migrationName}: ${statement.slice(0, 400)} (skipped by its guard)`,
        });
      }
      return missing;
    },
  );
}
