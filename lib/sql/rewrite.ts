// Rewrites a migration so that running it a second time (after a failed or hand-fixed deploy) does not fail.
// libpg-query has no deparser, so the original text is kept and edited at positions the AST and the lexer
// give: comments, layout and statement order survive, and only the statements that need it change.
import type { RelationRef } from "./ast";
import { tableExists, wrapInDoBlock, type CatalogCheck } from "./catalog-checks";
import { describeEffects } from "./effects";
import { createLineIndex, parseMigrationScript, type ParsedStatement } from "./parse-script";
import { checkRerun, type RerunIssue, type StatementRerun, type TextEdit } from "./rerun-checks";
import { ScriptState } from "./script-state";
import { scanTokens, tokensBetween } from "./tokens";

export { toPatch, toUnifiedDiff } from "./unified-diff";

/** The rule id of the missing-table guard (not a lint rule: whether the table exists depends on the database). */
export const MISSING_TABLE_GUARD = "alter-missing-table-without-guard";

export interface RewriteOptions {
  /**
   * Skip statements on a table the script does not create when that table does not exist (as the runbook did for
   * "ConnectedAccount"). `true` (default): every statement that is rewritten anyway gets the guard. A list of
   * table names (`"ConnectedAccount"` or `"schema.Table"`): every statement on those tables gets it, even one that
   * already re-runs. `false`: no guard.
   */
  guardMissingTables?: boolean | string[];
}

export interface RewriteChange {
  /** Line in the original script the change is for. */
  line: number;
  ruleId: string;
  /** The whole statement before and after (several changes can share one statement). */
  before: string;
  after: string;
  statementIndex: number;
}

export interface RewriteResult {
  sql: string;
  changes: RewriteChange[];
  unsupported: Array<{ line: number; reason: string }>;
}

interface Replacement {
  start: number;
  end: number;
  text: string;
}

export async function rewriteRerunnable(sql: string, options: RewriteOptions = {}): Promise<RewriteResult> {
  const parsed = await parseMigrationScript(sql);
  // Never guess past a parse error: the script is returned unchanged.
  if (!parsed.ok)
    return {
      sql,
      changes: [],
      unsupported: [{ line: parsed.error.line ?? 1, reason: `The script does not parse: ${parsed.error.message}` }],
    };
  const tokens = await scanTokens(sql);
  const bytes = Buffer.from(sql);
  const lineOf = createLineIndex(bytes);
  const eol = sql.includes("\r\n") ? "\r\n" : "\n";
  const state = new ScriptState();
  const replacements: Replacement[] = [];
  const changes: RewriteChange[] = [];
  const unsupported: RewriteResult["unsupported"] = [];
  // A table the script drops: a re-run after that drop finds it gone, so earlier statements on it need IF EXISTS
  // even when they re-run fine otherwise (`ALTER TABLE "t" DROP CONSTRAINT IF EXISTS …` before `DROP TABLE "t"`).
  const droppedAt = new Map<string, number>();
  for (const statement of parsed.statements)
    for (const e of describeEffects(statement))
      if (e.kind === "drop" && e.objectType === "table" && e.name)
        droppedAt.set(tableKey(e.schema, e.name), statement.index);
  const droppedLater = (table: RelationRef, index: number) =>
    (droppedAt.get(tableKey(table.schema, table.name ?? "")) ?? -1) > index;

  for (const statement of parsed.statements) {
    const statementTokens = tokensBetween(tokens, statement.startByte, statement.endByte);
    const rerun = checkRerun(statement, statementTokens, state);
    state.recordEffects(describeEffects(statement));
    for (const reason of rerun.unsupported) unsupported.push({ line: statement.line, reason });
    for (const issue of rerun.issues)
      if (issue.fix.type === "none")
        unsupported.push({ line: lineOf(issue.at), reason: `${issue.message} ${issue.fix.reason}` });
    if (rerun.leaveAsIs) continue;

    const guardTable =
      rerun.needsTable !== null &&
      (wantsTableGuard(rerun.needsTable, options, rerun) ||
        (options.guardMissingTables !== false &&
          rerun.nativeTableGuard !== null &&
          droppedLater(rerun.needsTable, statement.index)));
    const fixable = rerun.issues.filter((i) => i.fix.type !== "none");
    if (fixable.length === 0 && !guardTable) continue;

    // A statement ending in `-- comment` needs a line break before anything appended to it.
    const endsWithLineComment = statementTokens[statementTokens.length - 1]?.isLineComment === true;
    const planned = planStatement({ statement, rerun, bytes, eol, guardTable, endsWithLineComment });
    unsupported.push(...planned.notes.map((reason) => ({ line: statement.line, reason })));
    if (planned.text === statement.text) continue;
    replacements.push({ start: statement.startByte, end: statement.endByte, text: planned.text });
    const change = (line: number, ruleId: string) =>
      changes.push({ line, ruleId, before: statement.text, after: planned.text, statementIndex: statement.index });
    for (const issue of fixable) change(lineOf(issue.at), issue.ruleId);
    if (planned.guardedTable) change(statement.line, MISSING_TABLE_GUARD);
  }
  return { sql: spliceBytes(bytes, replacements), changes, unsupported };
}

function tableKey(schema: string | null, name: string): string {
  return `${schema ?? ""}.${name}`;
}

function wantsTableGuard(table: RelationRef, options: RewriteOptions, rerun: StatementRerun): boolean {
  const setting = options.guardMissingTables ?? true;
  if (setting === false) return false;
  if (setting === true) return rerun.issues.some((i) => i.fix.type !== "none");
  return setting.some(
    (entry) => entry === table.name || (table.schema !== null && entry === `${table.schema}.${table.name}`),
  );
}

interface PlanInput {
  statement: ParsedStatement;
  rerun: StatementRerun;
  bytes: Buffer;
  eol: string;
  guardTable: boolean;
  endsWithLineComment: boolean;
}

function planStatement({ statement, rerun, bytes, eol, guardTable, endsWithLineComment }: PlanInput): {
  text: string;
  guardedTable: boolean;
  notes: string[];
} {
  const edits = rerun.issues.flatMap((i) => (i.fix.type === "edit" ? i.fix.edits : []));
  const guarded = rerun.issues.filter(
    (i): i is RerunIssue & { fix: { type: "guard"; checks: CatalogCheck[] } } => i.fix.type === "guard",
  );
  const table = rerun.needsTable;
  const tableCheck = table ? [tableExists(table.schema, table.name)] : [];
  const notes: string[] = [];

  // Several ALTER TABLE commands where some need a catalog check: one statement per command, so a check
  // skips only its own command.
  const commands = rerun.commands;
  const commandCount = statement.kind === "AlterTableStmt" ? (statement.node.cmds?.length ?? 0) : 0;
  if (statement.kind === "AlterTableStmt" && guarded.length > 0 && commands && commandCount > 1) {
    const prefix = { start: statement.startByte, end: commands.prefixEnd };
    const pieces = commands.segments.map((segment, index) => {
      const checks = guarded.filter((i) => i.command === index).flatMap((i) => i.fix.checks);
      const useNative = guardTable && checks.length === 0 && rerun.nativeTableGuard !== null;
      const allChecks = guardTable && !useNative ? [...tableCheck, ...checks] : checks;
      const head = applyEdits(bytes, prefix, useNative && rerun.nativeTableGuard ? [rerun.nativeTableGuard] : []);
      const text = `${head} ${applyEdits(bytes, segment, edits)}`;
      if (allChecks.length > 0) return wrapInDoBlock(text, allChecks, eol, segment.endsWithLineComment);
      return segment.endsWithLineComment ? `${text}${eol}` : text;
    });
    return { text: pieces.join(`;${eol}`), guardedTable: guardTable, notes };
  }

  let checks = guarded.flatMap((i) => i.fix.checks);
  const whole = { start: statement.startByte, end: statement.endByte };
  let guardedTable = guardTable;
  let statementEdits = edits;
  if (guardTable) {
    if (checks.length === 0 && rerun.nativeTableGuard) statementEdits = [...edits, rerun.nativeTableGuard];
    else if (rerun.cannotWrap && checks.length === 0) {
      notes.push(rerun.cannotWrap);
      guardedTable = false;
    } else checks = [...tableCheck, ...checks];
  }
  if (statement.kind === "AlterTableStmt" && guarded.length > 0 && commandCount > 1)
    notes.push("Runway could not split this ALTER TABLE into its commands, so one catalog check guards all of them.");
  const text = applyEdits(bytes, whole, statementEdits);
  return {
    text: checks.length > 0 ? wrapInDoBlock(text, checks, eol, endsWithLineComment) : text,
    guardedTable,
    notes,
  };
}

/** The text of bytes [range.start, range.end) with the edits that fall inside it applied. */
function applyEdits(bytes: Buffer, range: { start: number; end: number }, edits: TextEdit[]): string {
  const inside = edits.filter((e) => e.start >= range.start && e.end <= range.end).sort((a, b) => a.start - b.start);
  return spliceBytes(bytes.subarray(0, range.end), inside, range.start);
}

function spliceBytes(bytes: Buffer, replacements: Replacement[], from = 0): string {
  const parts: Buffer[] = [];
  let cursor = from;
  for (const r of [...replacements].sort((a, b) => a.start - b.start)) {
    parts.push(bytes.subarray(cursor, r.start), Buffer.from(r.text));
    cursor = r.end;
  }
  parts.push(bytes.subarray(cursor));
  return Buffer.concat(parts).toString();
}
