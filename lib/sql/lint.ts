// Lints migration scripts: what fails on a second run, what destroys data, what locks tables, what defeats the
// migration's transaction. Everything comes from PostgreSQL's parser and lexer; a script that does not parse
// gets one parse-error finding and nothing else.
import type { AlterTableCmd } from "@pgsql/types";
import { asArray, columnConstraintTypes, readNames, readRangeVar, unwrapAs, type RelationRef } from "./ast";
import { describeEffects } from "./effects";
import { LINT_RULES, isAtLeast, type RuleId, type Severity } from "./lint-rules";
import { createLineIndex, parseMigrationScript, type ParsedStatement } from "./parse-script";
import { checkRerun, quoteName, type StatementRerun } from "./rerun-checks";
import { ScriptState } from "./script-state";
import { scanTokens, tokensBetween } from "./tokens";
import { findTransactionHazards } from "./transaction-hazards";
import { readMigrationsFolder } from "../migrations/folder";
import type { FolderProblem, MigrationsFolder } from "../migrations/types";

export type { RuleId, Severity } from "./lint-rules";
export { ALL_RULE_IDS, LINT_RULES } from "./lint-rules";

export interface Finding {
  ruleId: RuleId;
  severity: Severity;
  migrationName: string;
  /** 1-based line in migration.sql (of the command, for one command of a multi-command ALTER TABLE). */
  line: number;
  /** The statement's text, truncated. */
  statement: string;
  /** What is wrong, naming the objects. */
  message: string;
  /** Why it matters. */
  why: string;
  /** How to fix it. */
  fix: string;
}

export interface LintOptions {
  /** Report only these rules. */
  rules?: RuleId[];
  /** Report only findings at least this severe. */
  minSeverity?: Severity;
}

export interface FolderLintResult {
  dir: string;
  migrations: number;
  findings: Finding[];
  countsByRule: Partial<Record<RuleId, number>>;
  /** Entries of the folder Prisma would not use as migrations (reported, not linted). */
  problems: FolderProblem[];
}

const STATEMENT_PREVIEW = 200;
const SERIAL_TYPES = new Set(["serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"]);

export async function lintMigration(migrationName: string, sql: string, options: LintOptions = {}): Promise<Finding[]> {
  const findings = await collectFindings(migrationName, sql);
  return findings.filter(
    (f) =>
      (!options.rules || options.rules.includes(f.ruleId)) &&
      (!options.minSeverity || isAtLeast(f.severity, options.minSeverity)),
  );
}

export interface FolderLintOptions extends LintOptions {
  /** Lint only the migrations with these exact names. */
  only?: string[];
}

/**
 * Lints every migration of a Prisma migrations folder, given as a path (read with the reader the dashboard uses;
 * throws MigrationsFolderError when the folder itself is unusable) or as an already-read folder.
 */
export async function lintMigrationsFolder(
  dirOrFolder: string | MigrationsFolder,
  options: FolderLintOptions = {},
): Promise<FolderLintResult> {
  const folder = typeof dirOrFolder === "string" ? await readMigrationsFolder(dirOrFolder) : dirOrFolder;
  const migrations = options.only ? folder.migrations.filter((m) => options.only?.includes(m.name)) : folder.migrations;
  const findings: Finding[] = [];
  for (const migration of migrations) findings.push(...(await lintMigration(migration.name, migration.sql, options)));
  return {
    dir: folder.dir,
    migrations: migrations.length,
    findings,
    countsByRule: countByRule(findings),
    problems: folder.problems,
  };
}

export function countByRule(findings: Finding[]): Partial<Record<RuleId, number>> {
  const counts: Partial<Record<RuleId, number>> = {};
  for (const f of findings) counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1;
  return counts;
}

async function collectFindings(migrationName: string, sql: string): Promise<Finding[]> {
  const parsed = await parseMigrationScript(sql);
  if (!parsed.ok) {
    const line = parsed.error.line ?? 1;
    const text = (sql.split("\n")[line - 1] ?? "").trimEnd();
    return [
      makeFinding(
        "parse-error",
        migrationName,
        line,
        text,
        `PostgreSQL's parser rejects the script: ${parsed.error.message}.`,
      ),
    ];
  }
  const tokens = await scanTokens(sql);
  const lineOf = createLineIndex(Buffer.from(sql));
  const state = new ScriptState();
  const findings: Finding[] = [];
  for (const statement of parsed.statements) {
    const rerun = checkRerun(statement, tokensBetween(tokens, statement.startByte, statement.endByte), state);
    for (const issue of rerun.issues) {
      const extra = issue.fix.type === "none" ? ` (${issue.fix.reason})` : "";
      findings.push(
        makeFinding(issue.ruleId, migrationName, lineOf(issue.at), statement.text, `${issue.message}${extra}`),
      );
    }
    for (const hit of checkDestructiveAndLocking(statement, rerun, state)) {
      findings.push(
        makeFinding(
          hit.ruleId,
          migrationName,
          hit.at === null ? statement.line : lineOf(hit.at),
          statement.text,
          hit.message,
        ),
      );
    }
    state.recordEffects(describeEffects(statement));
  }
  findings.push(...transactionFindings(migrationName, parsed.statements));
  return findings.sort((a, b) => a.line - b.line);
}

function makeFinding(
  ruleId: RuleId,
  migrationName: string,
  line: number,
  statement: string,
  message: string,
  severity?: Severity,
): Finding {
  const rule = LINT_RULES[ruleId];
  return {
    ruleId,
    severity: severity ?? rule.severity,
    migrationName,
    line,
    statement: statement.length > STATEMENT_PREVIEW ? `${statement.slice(0, STATEMENT_PREVIEW)}…` : statement,
    message,
    why: rule.why,
    fix: rule.fix,
  };
}

interface Hit {
  ruleId: RuleId;
  /** Byte offset, or null for the statement's own line. */
  at: number | null;
  message: string;
}

function checkDestructiveAndLocking(statement: ParsedStatement, rerun: StatementRerun, state: ScriptState): Hit[] {
  const { kind, node } = statement;
  const hits: Hit[] = [];
  const existing = (rel: RelationRef | null): rel is RelationRef => rel !== null && !state.createdInScript(rel);
  switch (kind) {
    case "DropStmt": {
      if (node.removeType !== "OBJECT_TABLE") break;
      for (const object of asArray(node.objects)) {
        const names = readNames(object);
        const rel = {
          schema: names.length > 1 ? names[names.length - 2] : null,
          name: names[names.length - 1] ?? "",
          location: null,
        };
        if (existing(rel))
          hits.push({
            ruleId: "drop-table",
            at: null,
            message: `DROP TABLE ${quoteName(rel)} deletes the table and every row in it.`,
          });
      }
      break;
    }
    case "TruncateStmt": {
      const names = asArray(node.relations).map((r) =>
        quoteName(readRangeVar(unwrapAs("RangeVar", r)) ?? { schema: null, name: null }),
      );
      hits.push({ ruleId: "truncate", at: null, message: `TRUNCATE ${names.join(", ")} deletes every row.` });
      break;
    }
    case "DeleteStmt":
    case "UpdateStmt": {
      const rel = readRangeVar(node.relation);
      if (node.whereClause || !existing(rel)) break;
      const deleting = kind === "DeleteStmt";
      hits.push({
        ruleId: deleting ? "delete-without-where" : "update-without-where",
        at: null,
        message: `${deleting ? "DELETE FROM" : "UPDATE"} ${quoteName(rel)} has no WHERE clause: it ${deleting ? "deletes" : "changes"} every row.`,
      });
      break;
    }
    case "IndexStmt": {
      const rel = readRangeVar(node.relation);
      if (node.concurrent === true || !existing(rel)) break;
      const name = typeof node.idxname === "string" ? ` "${node.idxname}"` : "";
      hits.push({
        ruleId: "create-index-without-concurrently",
        at: null,
        message: `CREATE INDEX${name} on existing table ${quoteName(rel)} blocks writes to it while the index builds.`,
      });
      break;
    }
    case "AlterTableStmt": {
      const rel = readRangeVar(node.relation);
      if (node.objtype !== "OBJECT_TABLE" || !existing(rel)) break;
      asArray(node.cmds).forEach((entry, index) => {
        const at = rerun.commands?.segments[index]?.codeStart ?? null;
        const hit = checkAlterCommand(unwrapAs("AlterTableCmd", entry) ?? {}, quoteName(rel));
        if (hit) hits.push({ ...hit, at });
      });
      break;
    }
  }
  return hits;
}

function checkAlterCommand(cmd: AlterTableCmd, table: string): Omit<Hit, "at"> | null {
  const name = cmd.name ?? "";
  const column = unwrapAs("ColumnDef", cmd.def);
  const constraint = unwrapAs("Constraint", cmd.def);
  switch (cmd.subtype) {
    case "AT_DropColumn":
      return { ruleId: "drop-column", message: `DROP COLUMN "${name}" deletes that column's data from ${table}.` };
    case "AT_AlterColumnType":
      return {
        ruleId: "alter-column-type",
        message: `ALTER COLUMN "${name}" TYPE on ${table} may rewrite the table under an exclusive lock and fail on, or lose, existing values.`,
      };
    case "AT_SetNotNull":
      return {
        ruleId: "set-not-null",
        message: `SET NOT NULL on "${name}" scans all of ${table} under an ACCESS EXCLUSIVE lock.`,
      };
    case "AT_AddColumn": {
      const constraints = columnConstraintTypes(column ?? {});
      const notNull = constraints.includes("CONSTR_NOTNULL") || constraints.includes("CONSTR_PRIMARY");
      // Identity, generated and serial columns fill existing rows themselves.
      const filled = constraints.some(
        (c) => c === "CONSTR_DEFAULT" || c === "CONSTR_IDENTITY" || c === "CONSTR_GENERATED",
      );
      const typeNames = readNames(column?.typeName?.names);
      const serial = SERIAL_TYPES.has(typeNames[typeNames.length - 1] ?? "");
      if (!notNull || filled || serial) return null;
      return {
        ruleId: "add-column-not-null-without-default",
        message: `ADD COLUMN "${String(column?.colname)}" NOT NULL without a DEFAULT fails if ${table} has any rows.`,
      };
    }
    case "AT_AddConstraint": {
      if (!constraint || constraint.contype !== "CONSTR_FOREIGN" || constraint.skip_validation === true) return null;
      const conname = typeof constraint.conname === "string" ? ` "${constraint.conname}"` : "";
      const target = readRangeVar(constraint.pktable);
      return {
        ruleId: "add-foreign-key-without-not-valid",
        message: `ADD FOREIGN KEY${conname} on existing table ${table} checks every row against ${quoteName(target ?? { schema: null, name: null })} while blocking writes to both.`,
      };
    }
  }
  return null;
}

function transactionFindings(migrationName: string, statements: ParsedStatement[]): Finding[] {
  // A script of one statement is not run in a transaction block: CONCURRENTLY and VACUUM work alone and fail in company.
  const alone = statements.length === 1;
  return findTransactionHazards(statements).map((hazard) => {
    const statement = statements[hazard.statementIndex]?.text ?? "";
    if (hazard.code === "transaction_control")
      return makeFinding("transaction-control", migrationName, hazard.line, statement, hazard.message);
    const ruleId = hazard.code === "concurrently" ? "concurrently-in-migration" : "non-transactional-statement";
    return makeFinding(ruleId, migrationName, hazard.line, statement, hazard.message, alone ? "info" : "error");
  });
}
