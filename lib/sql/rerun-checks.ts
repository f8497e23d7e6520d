// Why a statement fails when the migration runs a second time, and how to make it not fail.
// Shared by the linter (which reports the issues) and the rewriter (which applies the fixes), so both always
// agree on what "re-runnable" means.
import type { IndexStmt, RenameStmt } from "@pgsql/types";
import { asArray, asString, readNames, readRangeVar, splitQualified, unwrapAs, type RelationRef } from "./ast";
import {
  columnExists,
  constraintExists,
  enumValueExists,
  quoteIdentifier,
  schemaExists,
  triggerExists,
  typeExists,
  type CatalogCheck,
} from "./catalog-checks";
import { dropObjectNames, objectTypeOf } from "./effects";
import type { ParsedStatement, StatementOf } from "./parse-script";
import type { ScriptState } from "./script-state";
import { codeOnly, findKeyword, findLastKeywordBefore, isWord, splitTopLevel, tokenAt, type Token } from "./tokens";

export const RERUN_RULE_IDS = [
  "create-table-without-if-not-exists",
  "create-index-without-if-not-exists",
  "create-type-without-guard",
  "add-column-without-if-not-exists",
  "add-constraint-without-guard",
  "add-enum-value-without-if-not-exists",
  "create-extension-without-if-not-exists",
  "create-sequence-without-if-not-exists",
  "create-schema-without-if-not-exists",
  "create-view-without-or-replace",
  "create-materialized-view-without-if-not-exists",
  "create-function-without-or-replace",
  "create-trigger-without-guard",
  "rename-without-guard",
  "drop-without-if-exists",
] as const;

export type RerunRuleId = (typeof RERUN_RULE_IDS)[number];

/** Replace the bytes [start, end) of the script with `text` (an insertion when start === end). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export type RerunFix =
  { type: "edit"; edits: TextEdit[] } | { type: "guard"; checks: CatalogCheck[] } | { type: "none"; reason: string };

export interface RerunIssue {
  ruleId: RerunRuleId;
  /** Byte offset in the script the issue points at (for its line). */
  at: number;
  /** What fails, e.g. `CREATE TABLE "User" fails on a second run: the table already exists.` */
  message: string;
  fix: RerunFix;
  /** Index of the ALTER TABLE command it belongs to. */
  command?: number;
}

/** One command of an ALTER TABLE, located in the script by the lexer's tokens. */
export interface CommandSegment {
  start: number;
  end: number;
  /** Byte offset of the command's first code token (comments before it excluded). */
  codeStart: number;
  endsWithLineComment: boolean;
}

export interface StatementRerun {
  issues: RerunIssue[];
  /** Why parts of the statement cannot be made re-runnable; the statement is still rewritten where it can be. */
  unsupported: string[];
  /** The statement is left exactly as written (data changes, DO blocks, statements Runway does not know). */
  leaveAsIs: boolean;
  /** An existing table the statement needs and the script does not create: a missing-table guard applies. */
  needsTable: RelationRef | null;
  /** Where PostgreSQL has a native form for the missing-table guard (`ALTER TABLE IF EXISTS`). */
  nativeTableGuard: TextEdit | null;
  /** Why the statement cannot be wrapped in a DO block (CREATE INDEX CONCURRENTLY), or null. */
  cannotWrap: string | null;
  /** ALTER TABLE: the command texts and where the `ALTER TABLE name` prefix ends. */
  commands: { segments: CommandSegment[]; prefixEnd: number } | null;
}

const IF_NOT_EXISTS = " IF NOT EXISTS";
const IF_EXISTS = " IF EXISTS";

// ALTER TABLE commands that leave the same result when run twice.
const IDEMPOTENT_COMMANDS = new Set([
  "AT_SetNotNull",
  "AT_DropNotNull",
  "AT_ColumnDefault",
  "AT_ValidateConstraint",
  "AT_SetStatistics",
  "AT_SetStorage",
  "AT_SetCompression",
  "AT_SetOptions",
  "AT_ResetOptions",
  "AT_SetRelOptions",
  "AT_ResetRelOptions",
  "AT_ReplaceRelOptions",
  "AT_EnableTrig",
  "AT_EnableAlwaysTrig",
  "AT_EnableReplicaTrig",
  "AT_DisableTrig",
  "AT_EnableTrigAll",
  "AT_DisableTrigAll",
  "AT_EnableTrigUser",
  "AT_DisableTrigUser",
  "AT_EnableRowSecurity",
  "AT_DisableRowSecurity",
  "AT_ForceRowSecurity",
  "AT_NoForceRowSecurity",
  "AT_ChangeOwner",
  "AT_SetLogged",
  "AT_SetUnLogged",
  "AT_ReplicaIdentity",
  "AT_ClusterOn",
  "AT_DropCluster",
  "AT_SetTableSpace",
  "AT_SetAccessMethod",
  "AT_SetIdentity",
]);

// Statements that leave the same result when run twice.
const IDEMPOTENT_STATEMENTS = new Set([
  "CommentStmt",
  "GrantStmt",
  "GrantRoleStmt",
  "AlterDefaultPrivilegesStmt",
  "AlterOwnerStmt",
  "AlterSeqStmt",
  "AlterExtensionStmt",
  "VariableSetStmt",
  "TransactionStmt",
  "RefreshMatViewStmt",
  "AlterTableSpaceOptionsStmt",
]);

const DROP_KEYWORDS: Record<string, string[]> = {
  OBJECT_TABLE: ["TABLE"],
  OBJECT_FOREIGN_TABLE: ["FOREIGN", "TABLE"],
  OBJECT_INDEX: ["INDEX"],
  OBJECT_SEQUENCE: ["SEQUENCE"],
  OBJECT_VIEW: ["VIEW"],
  OBJECT_MATVIEW: ["MATERIALIZED", "VIEW"],
  OBJECT_TYPE: ["TYPE"],
  OBJECT_DOMAIN: ["DOMAIN"],
  OBJECT_SCHEMA: ["SCHEMA"],
  OBJECT_EXTENSION: ["EXTENSION"],
  OBJECT_FUNCTION: ["FUNCTION"],
  OBJECT_PROCEDURE: ["PROCEDURE"],
  OBJECT_ROUTINE: ["ROUTINE"],
  OBJECT_AGGREGATE: ["AGGREGATE"],
  OBJECT_TRIGGER: ["TRIGGER"],
  OBJECT_POLICY: ["POLICY"],
  OBJECT_RULE: ["RULE"],
  OBJECT_COLLATION: ["COLLATION"],
  OBJECT_STATISTIC_EXT: ["STATISTICS"],
};

// ALTER <keyword> [IF EXISTS] name RENAME TO …: the keyword before the relation name.
const RENAME_RELATION_KEYWORDS: Record<string, string[]> = {
  OBJECT_TABLE: ["TABLE"],
  OBJECT_FOREIGN_TABLE: ["TABLE"],
  OBJECT_INDEX: ["INDEX"],
  OBJECT_SEQUENCE: ["SEQUENCE"],
  OBJECT_VIEW: ["VIEW"],
  OBJECT_MATVIEW: ["VIEW"],
};

/** `"schema"."name"` for messages. */
export function quoteName(ref: { schema: string | null; name: string | null }): string {
  return `${ref.schema ? `${quoteIdentifier(ref.schema)}.` : ""}${quoteIdentifier(ref.name ?? "?")}`;
}

/**
 * Checks one statement. `tokens` are the lexer's tokens of this statement (comments included), `state` what
 * earlier statements of the script created.
 */
export function checkRerun(statement: ParsedStatement, tokens: Token[], state: ScriptState): StatementRerun {
  const result: StatementRerun = {
    issues: [],
    unsupported: [],
    leaveAsIs: false,
    needsTable: null,
    nativeTableGuard: null,
    cannotWrap: null,
    commands: null,
  };
  const code = codeOnly(tokens);
  const at = statement.startByte;
  const insertAfter = (token: Token | undefined, text: string): RerunFix =>
    token
      ? { type: "edit", edits: [{ start: token.end, end: token.end, text }] }
      : { type: "none", reason: "Runway could not locate the keyword to edit." };
  const issue = (ruleId: RerunRuleId, message: string, fix: RerunFix, extra: Partial<RerunIssue> = {}) =>
    result.issues.push({ ruleId, at, message, fix, ...extra });

  switch (statement.kind) {
    case "CreateStmt": {
      if (statement.node.if_not_exists === true) break;
      const rel = readRangeVar(statement.node.relation);
      const keyword = code[findLastKeywordBefore(code, ["TABLE"], rel?.location ?? Infinity)];
      issue(
        "create-table-without-if-not-exists",
        `CREATE TABLE ${quoteName(rel ?? { schema: null, name: null })} fails on a second run: the table already exists.`,
        insertAfter(keyword, IF_NOT_EXISTS),
      );
      break;
    }
    case "CreateTableAsStmt": {
      if (statement.node.if_not_exists === true) break;
      const rel = readRangeVar(statement.node.into?.rel);
      const matview = statement.node.objtype === "OBJECT_MATVIEW";
      const keyword = code[findLastKeywordBefore(code, [matview ? "VIEW" : "TABLE"], rel?.location ?? Infinity)];
      if (matview)
        issue(
          "create-materialized-view-without-if-not-exists",
          `CREATE MATERIALIZED VIEW ${quoteName(rel ?? { schema: null, name: null })} fails on a second run: it already exists.`,
          insertAfter(keyword, IF_NOT_EXISTS),
        );
      else
        issue(
          "create-table-without-if-not-exists",
          `CREATE TABLE ${quoteName(rel ?? { schema: null, name: null })} AS fails on a second run: the table already exists.`,
          insertAfter(keyword, IF_NOT_EXISTS),
        );
      break;
    }
    case "IndexStmt":
      checkIndex(statement.node, code, state, result, issue);
      break;
    case "CreateEnumStmt":
    case "CreateRangeStmt":
    case "CreateDomainStmt":
    case "CompositeTypeStmt":
    case "DefineStmt": {
      if (statement.kind === "DefineStmt" && statement.node.kind !== "OBJECT_TYPE") {
        unsupportedStatement(
          result,
          `CREATE ${String(statement.node.kind).replace("OBJECT_", "")} has no IF NOT EXISTS and Runway has no catalog check for it.`,
        );
        break;
      }
      const ref = typeNameOf(statement);
      const what = statement.kind === "CreateDomainStmt" ? "DOMAIN" : "TYPE";
      issue(
        "create-type-without-guard",
        `CREATE ${what} ${quoteName(ref)} fails on a second run: the type already exists (PostgreSQL has no CREATE ${what} IF NOT EXISTS).`,
        {
          type: "guard",
          checks: [typeExists(ref.schema, ref.name ?? "", true)],
        },
      );
      break;
    }
    case "AlterTableStmt":
      checkAlterTable(statement, tokens, state, result);
      break;
    case "DropStmt": {
      if (statement.node.missing_ok === true) break;
      const keywords = DROP_KEYWORDS[String(statement.node.removeType)];
      const names = asArray(statement.node.objects).map((o) => dropObjectNames(o).join("."));
      const what = `DROP ${keywords ? keywords.join(" ") : String(statement.node.removeType).replace("OBJECT_", "")} ${names.join(", ")}`;
      let fix: RerunFix = { type: "none", reason: "Runway does not know where IF EXISTS goes in this DROP." };
      if (keywords && keywords.every((k, i) => isWord(code[1 + i], k))) {
        let last = code[keywords.length];
        if (statement.node.concurrent === true && isWord(code[keywords.length + 1], "CONCURRENTLY"))
          last = code[keywords.length + 1];
        fix = insertAfter(last, IF_EXISTS);
      }
      issue("drop-without-if-exists", `${what} fails on a second run: the object is already gone.`, fix);
      break;
    }
    case "RenameStmt":
      checkRename(statement.node, code, issue);
      break;
    case "AlterEnumStmt": {
      const { schema, name } = splitQualified(readNames(statement.node.typeName));
      const type = quoteName({ schema, name });
      const oldVal = asString(statement.node.oldVal);
      const newVal = asString(statement.node.newVal) ?? "";
      if (oldVal !== null) {
        issue(
          "rename-without-guard",
          `ALTER TYPE ${type} RENAME VALUE '${oldVal}' fails on a second run: the value was already renamed.`,
          {
            type: "guard",
            checks: [
              enumValueExists(schema, name ?? "", oldVal, false),
              enumValueExists(schema, name ?? "", newVal, true),
            ],
          },
        );
      } else if (statement.node.skipIfNewValExists !== true) {
        const addIndex = code.findIndex((t, i) => isWord(t, "ADD") && isWord(code[i + 1], "VALUE"));
        issue(
          "add-enum-value-without-if-not-exists",
          `ALTER TYPE ${type} ADD VALUE '${newVal}' fails on a second run: the value already exists.`,
          insertAfter(code[addIndex + 1], IF_NOT_EXISTS),
        );
      }
      break;
    }
    case "CreateExtensionStmt": {
      if (statement.node.if_not_exists === true) break;
      const keyword = code[findKeyword(code, "EXTENSION")];
      issue(
        "create-extension-without-if-not-exists",
        `CREATE EXTENSION "${asString(statement.node.extname)}" fails on a second run: the extension is already installed.`,
        insertAfter(keyword, IF_NOT_EXISTS),
      );
      break;
    }
    case "CreateSchemaStmt": {
      if (statement.node.if_not_exists === true) break;
      const name = asString(statement.node.schemaname);
      let fix: RerunFix;
      if (name === null)
        fix = {
          type: "none",
          reason: "CREATE SCHEMA AUTHORIZATION without a name: Runway does not guess the schema's name.",
        };
      // IF NOT EXISTS is not allowed together with schema elements; a catalog check is.
      else if (asArray(statement.node.schemaElts).length > 0)
        fix = { type: "guard", checks: [schemaExists(name, true)] };
      else fix = insertAfter(code[findKeyword(code, "SCHEMA")], IF_NOT_EXISTS);
      issue(
        "create-schema-without-if-not-exists",
        `CREATE SCHEMA ${quoteName({ schema: null, name })} fails on a second run: the schema already exists.`,
        fix,
      );
      break;
    }
    case "CreateSeqStmt": {
      if (statement.node.if_not_exists === true) break;
      const rel = readRangeVar(statement.node.sequence);
      const keyword = code[findLastKeywordBefore(code, ["SEQUENCE"], rel?.location ?? Infinity)];
      issue(
        "create-sequence-without-if-not-exists",
        `CREATE SEQUENCE ${quoteName(rel ?? { schema: null, name: null })} fails on a second run: the sequence already exists.`,
        insertAfter(keyword, IF_NOT_EXISTS),
      );
      break;
    }
    case "ViewStmt": {
      if (statement.node.replace === true) break;
      const rel = readRangeVar(statement.node.view);
      issue(
        "create-view-without-or-replace",
        `CREATE VIEW ${quoteName(rel ?? { schema: null, name: null })} fails on a second run: the view already exists.`,
        insertAfter(isWord(code[0], "CREATE") ? code[0] : undefined, " OR REPLACE"),
      );
      break;
    }
    case "CreateFunctionStmt": {
      if (statement.node.replace === true) break;
      const { schema, name } = splitQualified(readNames(statement.node.funcname));
      const what = statement.node.is_procedure === true ? "PROCEDURE" : "FUNCTION";
      issue(
        "create-function-without-or-replace",
        `CREATE ${what} ${quoteName({ schema, name })} fails on a second run: it already exists.`,
        insertAfter(isWord(code[0], "CREATE") ? code[0] : undefined, " OR REPLACE"),
      );
      break;
    }
    case "CreateTrigStmt": {
      const rel = readRangeVar(statement.node.relation);
      if (rel && !state.createdInScript(rel)) result.needsTable = rel;
      if (statement.node.replace === true) break;
      const name = asString(statement.node.trigname) ?? "";
      issue(
        "create-trigger-without-guard",
        `CREATE TRIGGER ${quoteName({ schema: null, name })} fails on a second run: the trigger already exists on ${quoteName(rel ?? { schema: null, name: null })}.`,
        {
          type: "guard",
          checks: [triggerExists(rel?.schema ?? null, rel?.name ?? "", name, true)],
        },
      );
      break;
    }
    case "DoStmt":
      unsupportedStatement(
        result,
        "DO block: its code is opaque to Runway, so it is left as written; check that it guards its own statements.",
      );
      break;
    case "InsertStmt":
      if (statement.node.onConflictClause) break;
      unsupportedStatement(
        result,
        "INSERT: a second run inserts the rows again (or fails on a unique key); use INSERT … ON CONFLICT DO NOTHING or make it idempotent by hand.",
      );
      break;
    case "UpdateStmt":
    case "DeleteStmt":
    case "MergeStmt":
    case "TruncateStmt": {
      const verb = statement.kind.replace("Stmt", "").toUpperCase();
      unsupportedStatement(
        result,
        `${verb}: a data change runs again on a second run; check by hand that repeating it is harmless.`,
      );
      break;
    }
    case "SelectStmt":
      unsupportedStatement(
        result,
        "SELECT may call functions with side effects; Runway cannot tell whether repeating it is harmless.",
      );
      break;
    default:
      if (!IDEMPOTENT_STATEMENTS.has(statement.kind))
        unsupportedStatement(
          result,
          `${statement.kind}: Runway cannot tell whether this statement runs twice without error, so it is left as written.`,
        );
  }
  return result;
}

function unsupportedStatement(result: StatementRerun, reason: string): void {
  result.unsupported.push(reason);
  result.leaveAsIs = true;
}

function typeNameOf(
  statement: StatementOf<
    "CreateEnumStmt" | "CreateRangeStmt" | "CreateDomainStmt" | "CompositeTypeStmt" | "DefineStmt"
  >,
): { schema: string | null; name: string | null } {
  if (statement.kind === "CompositeTypeStmt") {
    const rel = readRangeVar(statement.node.typevar);
    return { schema: rel?.schema ?? null, name: rel?.name ?? null };
  }
  const names =
    statement.kind === "CreateDomainStmt"
      ? statement.node.domainname
      : statement.kind === "DefineStmt"
        ? statement.node.defnames
        : statement.node.typeName;
  return splitQualified(readNames(names));
}

type IssueFn = (ruleId: RerunRuleId, message: string, fix: RerunFix, extra?: Partial<RerunIssue>) => void;

function checkIndex(node: IndexStmt, code: Token[], state: ScriptState, result: StatementRerun, issue: IssueFn): void {
  const rel = readRangeVar(node.relation);
  if (rel && !state.createdInScript(rel)) result.needsTable = rel;
  if (node.concurrent === true)
    result.cannotWrap = "CREATE INDEX CONCURRENTLY cannot run inside a DO block, so it gets no missing-table guard.";
  if (node.if_not_exists === true) return;
  const name = asString(node.idxname);
  if (name === null) {
    issue(
      "create-index-without-if-not-exists",
      `CREATE INDEX on ${quoteName(rel ?? { schema: null, name: null })} has no name: a second run creates a duplicate index.`,
      { type: "none", reason: "The index has no name, and IF NOT EXISTS needs one: name the index." },
    );
    return;
  }
  const indexAt = findKeyword(code, "INDEX");
  const anchor = isWord(code[indexAt + 1], "CONCURRENTLY") ? code[indexAt + 1] : code[indexAt];
  const fix: RerunFix = anchor
    ? { type: "edit", edits: [{ start: anchor.end, end: anchor.end, text: IF_NOT_EXISTS }] }
    : { type: "none", reason: "Runway could not locate INDEX." };
  issue(
    "create-index-without-if-not-exists",
    `CREATE INDEX ${quoteName({ schema: null, name })} fails on a second run: the index already exists.`,
    fix,
  );
}

function checkRename(node: RenameStmt, code: Token[], issue: IssueFn): void {
  const renameType = String(node.renameType);
  const rel = readRangeVar(node.relation);
  const oldName = asString(node.subname) ?? "";
  const newName = asString(node.newname) ?? "";
  const schema = rel?.schema ?? null;
  const table = rel?.name ?? "";
  const guard = (checks: CatalogCheck[]): RerunFix => ({ type: "guard", checks });
  const relationKeywords = RENAME_RELATION_KEYWORDS[renameType];
  if (relationKeywords) {
    if (node.missing_ok === true) return;
    const keyword = code[findLastKeywordBefore(code, relationKeywords, rel?.location ?? Infinity)];
    const fix: RerunFix = keyword
      ? { type: "edit", edits: [{ start: keyword.end, end: keyword.end, text: IF_EXISTS }] }
      : { type: "none", reason: "Runway could not locate the object keyword." };
    issue(
      "rename-without-guard",
      `Renaming ${quoteName(rel ?? { schema: null, name: null })} to "${newName}" fails on a second run: it was already renamed.`,
      fix,
    );
    return;
  }
  switch (renameType) {
    case "OBJECT_COLUMN":
      // The old-column check also fails when the table is missing, so no separate table guard is needed.
      issue(
        "rename-without-guard",
        `Renaming column "${oldName}" of ${quoteName(rel ?? { schema: null, name: null })} to "${newName}" fails on a second run: the column was already renamed.`,
        guard([columnExists(schema, table, oldName, false), columnExists(schema, table, newName, true)]),
      );
      return;
    case "OBJECT_TABCONSTRAINT":
      issue(
        "rename-without-guard",
        `Renaming constraint "${oldName}" of ${quoteName(rel ?? { schema: null, name: null })} fails on a second run: it was already renamed.`,
        guard([constraintExists(schema, table, oldName, false), constraintExists(schema, table, newName, true)]),
      );
      return;
    case "OBJECT_TRIGGER":
      issue(
        "rename-without-guard",
        `Renaming trigger "${oldName}" on ${quoteName(rel ?? { schema: null, name: null })} fails on a second run: it was already renamed.`,
        guard([triggerExists(schema, table, oldName, false), triggerExists(schema, table, newName, true)]),
      );
      return;
    case "OBJECT_TYPE":
    case "OBJECT_DOMAIN": {
      const type = splitQualified(dropObjectNames(node.object));
      issue(
        "rename-without-guard",
        `Renaming type ${quoteName(type)} to "${newName}" fails on a second run: it was already renamed.`,
        guard([typeExists(type.schema, type.name ?? "", false), typeExists(type.schema, newName, true)]),
      );
      return;
    }
    case "OBJECT_SCHEMA":
      issue(
        "rename-without-guard",
        `Renaming schema "${oldName}" to "${newName}" fails on a second run: it was already renamed.`,
        guard([schemaExists(oldName, false), schemaExists(newName, true)]),
      );
      return;
    default:
      issue(
        "rename-without-guard",
        `Renaming a ${objectTypeOf(renameType)} to "${newName}" fails on a second run: it was already renamed.`,
        {
          type: "none",
          reason: `Runway has no catalog check for renaming a ${renameType.replace("OBJECT_", "").toLowerCase()}.`,
        },
      );
  }
}

/** Splits an ALTER TABLE into its commands using the lexer: top-level commas after the table name. */
export function locateCommands(
  statement: StatementOf<"AlterTableStmt">,
  tokens: Token[],
): { segments: CommandSegment[]; prefixEnd: number } | null {
  const rel = readRangeVar(statement.node.relation);
  const cmds = asArray(statement.node.cmds);
  if (!rel || rel.location === null) return null;
  const relIndex = tokenAt(tokens, rel.location);
  if (relIndex < 0) return null;
  let last = relIndex;
  // A qualified name is `schema . name`; `name *` asks for inheritance explicitly.
  for (;;) {
    const dot = nextCode(tokens, last);
    const part = nextCode(tokens, dot);
    if (tokens[dot]?.text !== "." || part >= tokens.length) break;
    last = part;
  }
  const star = nextCode(tokens, last);
  if (tokens[star]?.text === "*") last = star;
  const rest = tokens.slice(last + 1);
  const parts = splitTopLevel(rest).filter((p) => p.length > 0);
  if (parts.length !== cmds.length || parts.some((p) => codeOnly(p).length === 0)) return null;
  return {
    prefixEnd: tokens[last].end,
    segments: parts.map((p) => ({
      start: p[0].start,
      end: p[p.length - 1].end,
      codeStart: codeOnly(p)[0].start,
      endsWithLineComment: p[p.length - 1].isLineComment,
    })),
  };
}

function nextCode(tokens: Token[], from: number): number {
  let i = from + 1;
  while (i < tokens.length && tokens[i].isComment) i++;
  return i;
}

function checkAlterTable(
  statement: StatementOf<"AlterTableStmt">,
  tokens: Token[],
  state: ScriptState,
  result: StatementRerun,
): void {
  const node = statement.node;
  const rel = readRangeVar(node.relation);
  const code = codeOnly(tokens);
  const isTable = node.objtype === "OBJECT_TABLE" || node.objtype === "OBJECT_FOREIGN_TABLE";
  const commands = locateCommands(statement, tokens);
  result.commands = commands;
  if (isTable && rel && node.missing_ok !== true && !state.createdInScript(rel)) {
    result.needsTable = rel;
    const keyword = code[findLastKeywordBefore(code, ["TABLE"], rel.location ?? Infinity)];
    if (keyword) result.nativeTableGuard = { start: keyword.end, end: keyword.end, text: IF_EXISTS };
  }
  const cmds = asArray(node.cmds).map((c) => unwrapAs("AlterTableCmd", c) ?? {});
  const droppedConstraints = new Set<string>();
  const tableName = quoteName(rel ?? { schema: null, name: null });
  cmds.forEach((cmd, index) => {
    const segment = commands?.segments[index];
    const segmentCode = segment ? codeOnly(tokens.filter((t) => t.start >= segment.start && t.end <= segment.end)) : [];
    const at = segment?.codeStart ?? statement.startByte;
    const push = (ruleId: RerunRuleId, message: string, fix: RerunFix) =>
      result.issues.push({ ruleId, at, message, fix, command: index });
    const subtype = String(cmd.subtype);
    const column = unwrapAs("ColumnDef", cmd.def);
    const constraint = unwrapAs("Constraint", cmd.def);
    const name = cmd.name ?? "";
    if (!isTable) {
      if (!IDEMPOTENT_COMMANDS.has(subtype))
        result.unsupported.push(
          `ALTER ${String(node.objtype).replace("OBJECT_", "")} … ${subtype.replace("AT_", "")}: Runway cannot tell whether it runs twice without error.`,
        );
      return;
    }
    switch (subtype) {
      case "AT_AddColumn": {
        if (cmd.missing_ok === true) return;
        const columnName = column?.colname ?? "";
        push(
          "add-column-without-if-not-exists",
          `ADD COLUMN "${columnName}" to ${tableName} fails on a second run: the column already exists.`,
          addColumnFix(tokens, column?.location ?? null),
        );
        return;
      }
      case "AT_DropColumn":
      case "AT_DropConstraint": {
        const isConstraint = subtype === "AT_DropConstraint";
        if (isConstraint) droppedConstraints.add(name);
        if (cmd.missing_ok === true) return;
        // DROP [COLUMN] name / DROP CONSTRAINT name: IF EXISTS goes after the keyword.
        const anchor = isWord(segmentCode[1], isConstraint ? "CONSTRAINT" : "COLUMN")
          ? segmentCode[1]
          : isConstraint
            ? undefined
            : segmentCode[0];
        const fix: RerunFix =
          anchor && isWord(segmentCode[0], "DROP")
            ? { type: "edit", edits: [{ start: anchor.end, end: anchor.end, text: IF_EXISTS }] }
            : { type: "none", reason: "Runway could not locate the DROP command." };
        push(
          "drop-without-if-exists",
          `DROP ${isConstraint ? "CONSTRAINT" : "COLUMN"} "${name}" on ${tableName} fails on a second run: it is already gone.`,
          fix,
        );
        return;
      }
      case "AT_AddConstraint": {
        if (!constraint) return;
        const conname = constraint.conname ?? null;
        const contype = String(constraint.contype).replace("CONSTR_", "").toLowerCase();
        if (conname === null) {
          push(
            "add-constraint-without-guard",
            `ADD ${contype} constraint on ${tableName} has no name: a second run adds it again (or fails, for a primary key).`,
            {
              type: "none",
              reason:
                "The constraint has no name to look up: name it (Prisma names them <Table>_<column>_fkey, _pkey, _key).",
            },
          );
          return;
        }
        // DROP CONSTRAINT x, ADD CONSTRAINT x (Prisma's primary-key change) re-runs as long as the drop has IF EXISTS.
        if (droppedConstraints.has(conname)) return;
        push(
          "add-constraint-without-guard",
          `ADD CONSTRAINT "${conname}" on ${tableName} fails on a second run: the constraint already exists (PostgreSQL has no ADD CONSTRAINT IF NOT EXISTS).`,
          {
            type: "guard",
            checks: [constraintExists(rel?.schema ?? null, rel?.name ?? "", conname, true)],
          },
        );
        return;
      }
      case "AT_AlterColumnType":
        if (column?.raw_default)
          result.unsupported.push(
            `ALTER COLUMN "${name}" TYPE … USING: a second run applies the USING expression to already converted values; check it by hand.`,
          );
        return;
      case "AT_DropIdentity":
      case "AT_DropExpression":
        if (cmd.missing_ok !== true)
          result.unsupported.push(
            `ALTER COLUMN "${name}" ${subtype.replace("AT_", "")}: fails on a second run and Runway does not rewrite it; add IF EXISTS by hand.`,
          );
        return;
      default:
        if (!IDEMPOTENT_COMMANDS.has(subtype))
          result.unsupported.push(
            `ALTER TABLE … ${subtype.replace("AT_", "")}: Runway cannot tell whether it runs twice without error.`,
          );
    }
  });
}

// ADD [COLUMN] name: insert IF NOT EXISTS before the name, normalising the run of spaces Prisma aligns with.
function addColumnFix(tokens: Token[], location: number | null): RerunFix {
  if (location === null) return { type: "none", reason: "The parser did not report where the column name is." };
  const index = tokenAt(tokens, location);
  if (index < 0) return { type: "none", reason: "Runway could not locate the column name." };
  const previous = tokens[index - 1];
  if (previous && !previous.isComment && (isWord(previous, "COLUMN") || isWord(previous, "ADD")))
    return { type: "edit", edits: [{ start: previous.end, end: location, text: " IF NOT EXISTS " }] };
  return { type: "edit", edits: [{ start: location, end: location, text: "IF NOT EXISTS " }] };
}
