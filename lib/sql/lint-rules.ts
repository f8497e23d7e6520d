// The lint rules: ids are a contract (CLI filters, dashboard links, suppressions), so keep them stable.
import { RERUN_RULE_IDS, type RerunRuleId } from "./rerun-checks";

export type Severity = "error" | "warning" | "info";
export type RuleFamily = "rerun" | "destructive" | "locking" | "transaction" | "parse";

export const OTHER_RULE_IDS = [
  "drop-table",
  "drop-column",
  "alter-column-type",
  "truncate",
  "delete-without-where",
  "update-without-where",
  "create-index-without-concurrently",
  "add-column-not-null-without-default",
  "set-not-null",
  "add-foreign-key-without-not-valid",
  "transaction-control",
  "concurrently-in-migration",
  "non-transactional-statement",
  "parse-error",
] as const;

export type RuleId = RerunRuleId | (typeof OTHER_RULE_IDS)[number];

export interface LintRule {
  id: RuleId;
  family: RuleFamily;
  /** Default severity; transaction rules escalate to error when the statement makes the script fail. */
  severity: Severity;
  title: string;
  why: string;
  fix: string;
}

const RERUN_WHY =
  "A failed migration blocks every later deploy (P3009). Once it is marked rolled back, or when part of its change already exists " +
  "(applied by hand, made in another environment, or committed part-way), `prisma migrate deploy` runs the whole script again and this statement fails again.";

const rerun = (id: RerunRuleId, title: string, fix: string): LintRule => ({
  id,
  family: "rerun",
  severity: "error",
  title,
  why: RERUN_WHY,
  fix,
});

export const LINT_RULES: Record<RuleId, LintRule> = {
  "create-table-without-if-not-exists": rerun(
    "create-table-without-if-not-exists",
    "CREATE TABLE without IF NOT EXISTS",
    "Write CREATE TABLE IF NOT EXISTS.",
  ),
  "create-index-without-if-not-exists": rerun(
    "create-index-without-if-not-exists",
    "CREATE INDEX without IF NOT EXISTS",
    "Write CREATE INDEX IF NOT EXISTS <name> (IF NOT EXISTS needs a named index).",
  ),
  "create-type-without-guard": rerun(
    "create-type-without-guard",
    "CREATE TYPE without a catalog check",
    "PostgreSQL has no CREATE TYPE IF NOT EXISTS: wrap it in DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = '…' AND n.nspname = current_schema()) THEN CREATE TYPE …; END IF; END $$.",
  ),
  "add-column-without-if-not-exists": rerun(
    "add-column-without-if-not-exists",
    "ADD COLUMN without IF NOT EXISTS",
    "Write ADD COLUMN IF NOT EXISTS.",
  ),
  "add-constraint-without-guard": rerun(
    "add-constraint-without-guard",
    "ADD CONSTRAINT without a catalog check",
    "PostgreSQL has no ADD CONSTRAINT IF NOT EXISTS: wrap it in a DO block that first looks the name up in pg_constraint for that table (conrelid = to_regclass(…)).",
  ),
  "add-enum-value-without-if-not-exists": rerun(
    "add-enum-value-without-if-not-exists",
    "ALTER TYPE … ADD VALUE without IF NOT EXISTS",
    "Write ALTER TYPE … ADD VALUE IF NOT EXISTS.",
  ),
  "create-extension-without-if-not-exists": rerun(
    "create-extension-without-if-not-exists",
    "CREATE EXTENSION without IF NOT EXISTS",
    "Write CREATE EXTENSION IF NOT EXISTS.",
  ),
  "create-sequence-without-if-not-exists": rerun(
    "create-sequence-without-if-not-exists",
    "CREATE SEQUENCE without IF NOT EXISTS",
    "Write CREATE SEQUENCE IF NOT EXISTS.",
  ),
  "create-schema-without-if-not-exists": rerun(
    "create-schema-without-if-not-exists",
    "CREATE SCHEMA without IF NOT EXISTS",
    "Write CREATE SCHEMA IF NOT EXISTS.",
  ),
  "create-view-without-or-replace": rerun(
    "create-view-without-or-replace",
    "CREATE VIEW without OR REPLACE",
    "Write CREATE OR REPLACE VIEW.",
  ),
  "create-materialized-view-without-if-not-exists": rerun(
    "create-materialized-view-without-if-not-exists",
    "CREATE MATERIALIZED VIEW without IF NOT EXISTS",
    "Write CREATE MATERIALIZED VIEW IF NOT EXISTS.",
  ),
  "create-function-without-or-replace": rerun(
    "create-function-without-or-replace",
    "CREATE FUNCTION/PROCEDURE without OR REPLACE",
    "Write CREATE OR REPLACE FUNCTION (or PROCEDURE).",
  ),
  "create-trigger-without-guard": rerun(
    "create-trigger-without-guard",
    "CREATE TRIGGER without a catalog check",
    "Wrap it in a DO block that first looks the trigger up in pg_trigger (or use CREATE OR REPLACE TRIGGER on PostgreSQL 14+, except for constraint triggers).",
  ),
  "rename-without-guard": rerun(
    "rename-without-guard",
    "RENAME without a guard",
    "For tables, indexes, sequences and views write ALTER … IF EXISTS … RENAME; for columns, constraints, triggers, types and enum values wrap it in a DO block that renames only when the old name exists and the new one does not.",
  ),
  "drop-without-if-exists": rerun(
    "drop-without-if-exists",
    "DROP without IF EXISTS",
    "Write DROP … IF EXISTS (and DROP COLUMN / DROP CONSTRAINT IF EXISTS).",
  ),

  "drop-table": {
    id: "drop-table",
    family: "destructive",
    severity: "warning",
    title: "DROP TABLE",
    why: "Every row of the table is deleted; only a backup brings it back, and application code still deployed that reads the table starts failing.",
    fix: "Back up or migrate the data first, deploy the code that stops using the table, then drop it in a later migration.",
  },
  "drop-column": {
    id: "drop-column",
    family: "destructive",
    severity: "warning",
    title: "DROP COLUMN",
    why: "The column's data is deleted; only a backup brings it back, and code still deployed that selects or writes the column fails.",
    fix: "Stop using the column in the application (and deploy that) first; copy the data elsewhere if it may be needed.",
  },
  "alter-column-type": {
    id: "alter-column-type",
    family: "destructive",
    severity: "warning",
    title: "ALTER COLUMN … TYPE",
    why: "Unless the cast is binary-compatible (e.g. varchar(n) → text) the table is rewritten under an ACCESS EXCLUSIVE lock, blocking reads and writes; a narrowing cast fails on existing values or silently truncates them.",
    fix: "Check the conversion on a copy of production data. For big tables add a new column, backfill it in batches, switch the code over, then drop the old column.",
  },
  truncate: {
    id: "truncate",
    family: "destructive",
    severity: "warning",
    title: "TRUNCATE",
    why: "Every row of the table is deleted (and, with CASCADE, of every table referencing it), in every environment the migration reaches.",
    fix: "Make sure emptying the table is intended in production too; otherwise delete only the rows you mean with a WHERE clause.",
  },
  "delete-without-where": {
    id: "delete-without-where",
    family: "destructive",
    severity: "warning",
    title: "DELETE without WHERE",
    why: "Every row of the table is deleted, in every environment the migration reaches.",
    fix: "Add a WHERE clause that selects only the rows you mean.",
  },
  "update-without-where": {
    id: "update-without-where",
    family: "destructive",
    severity: "warning",
    title: "UPDATE without WHERE",
    why: "Every row of the table is changed (and locked until the migration commits), in every environment the migration reaches.",
    fix: "Add a WHERE clause that selects only the rows you mean; for big tables update in batches outside the migration.",
  },
  "create-index-without-concurrently": {
    id: "create-index-without-concurrently",
    family: "locking",
    severity: "warning",
    title: "CREATE INDEX on an existing table without CONCURRENTLY",
    why: "Building the index holds a SHARE lock on the table: every INSERT, UPDATE and DELETE waits until the build finishes, which on a big table can take minutes.",
    fix: "For big tables create it with CREATE INDEX CONCURRENTLY in a migration of its own (it cannot share a transaction with other statements), and check afterwards that it is not INVALID.",
  },
  "add-column-not-null-without-default": {
    id: "add-column-not-null-without-default",
    family: "locking",
    severity: "warning",
    title: "ADD COLUMN … NOT NULL without DEFAULT",
    why: "Existing rows would get NULL, so the statement fails as soon as the table has any row (it works in an empty development database and fails in production).",
    fix: "Give the column a DEFAULT, or add it nullable, backfill it, then SET NOT NULL.",
  },
  "set-not-null": {
    id: "set-not-null",
    family: "locking",
    severity: "warning",
    title: "ALTER COLUMN … SET NOT NULL",
    why: "PostgreSQL scans the whole table to check for NULLs while holding an ACCESS EXCLUSIVE lock: reads and writes wait until the scan finishes.",
    fix: "Add CHECK (column IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it (a weaker lock), then SET NOT NULL (PostgreSQL 12+ skips the scan when such a check exists) and drop the check.",
  },
  "add-foreign-key-without-not-valid": {
    id: "add-foreign-key-without-not-valid",
    family: "locking",
    severity: "warning",
    title: "ADD FOREIGN KEY on an existing table without NOT VALID",
    why: "Every existing row is checked against the referenced table while both tables are locked against writes (SHARE ROW EXCLUSIVE).",
    fix: "Add the constraint NOT VALID (new rows are checked at once), then run ALTER TABLE … VALIDATE CONSTRAINT in a later migration, which only takes a SHARE UPDATE EXCLUSIVE lock.",
  },
  "transaction-control": {
    id: "transaction-control",
    family: "transaction",
    severity: "warning",
    title: "BEGIN / COMMIT / ROLLBACK in a migration",
    why: "Prisma sends the whole script at once and PostgreSQL runs it as one implicit transaction; a COMMIT inside it makes the statements before it permanent, so a later failure leaves the migration half-applied and not re-runnable.",
    fix: "Remove the transaction control statements and let the migration be one transaction.",
  },
  "concurrently-in-migration": {
    id: "concurrently-in-migration",
    family: "transaction",
    severity: "info",
    title: "CONCURRENTLY in a migration",
    why: "Prisma runs the script in one implicit transaction unless it is a single statement; CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction, so it only works alone in its migration, and then a failure can leave an INVALID index behind.",
    fix: "Keep the CONCURRENTLY statement alone in its own migration, with IF NOT EXISTS / IF EXISTS; after a failure drop the INVALID index before retrying.",
  },
  "non-transactional-statement": {
    id: "non-transactional-statement",
    family: "transaction",
    severity: "info",
    title: "Statement that cannot run in a transaction",
    why: "Prisma runs the script in one implicit transaction unless it is a single statement; VACUUM, CREATE DATABASE and similar statements cannot run in a transaction block.",
    fix: "Run it outside migrations, or alone in its own migration.",
  },
  "parse-error": {
    id: "parse-error",
    family: "parse",
    severity: "error",
    title: "The script does not parse",
    why: "PostgreSQL rejects the whole script, so the migration fails on every database; nothing after the error was checked.",
    fix: "Fix the syntax at the reported line (PostgreSQL 18 grammar).",
  },
};

export const ALL_RULE_IDS: RuleId[] = [...RERUN_RULE_IDS, ...OTHER_RULE_IDS];

export function isRuleId(value: string): value is RuleId {
  return Object.prototype.hasOwnProperty.call(LINT_RULES, value);
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function isAtLeast(severity: Severity, minimum: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[minimum];
}
