// Statements that defeat "one migration = one transaction": after a failure part of the script may remain.
import type { ParsedStatement } from "./parse-script";

export interface TransactionHazard {
  code: "transaction_control" | "concurrently" | "non_transactional";
  line: number;
  message: string;
}

const NON_TRANSACTIONAL: Record<string, string> = {
  VacuumStmt: "VACUUM cannot run inside a transaction block",
  CreatedbStmt: "CREATE DATABASE cannot run inside a transaction block",
  DropdbStmt: "DROP DATABASE cannot run inside a transaction block",
  AlterSystemStmt: "ALTER SYSTEM cannot run inside a transaction block",
  CreateTableSpaceStmt: "CREATE TABLESPACE cannot run inside a transaction block",
  DropTableSpaceStmt: "DROP TABLESPACE cannot run inside a transaction block",
};

export function findTransactionHazards(statements: ParsedStatement[]): TransactionHazard[] {
  const hazards: TransactionHazard[] = [];
  for (const s of statements) {
    if (s.kind === "TransactionStmt") {
      const kind = String(s.node.kind ?? "").replace("TRANS_STMT_", "");
      hazards.push({
        code: "transaction_control",
        line: s.line,
        message: `The script controls its own transaction (${kind}): statements committed before a failure stay applied.`,
      });
    } else if (s.node.concurrent === true) {
      hazards.push({
        code: "concurrently",
        line: s.line,
        message: `${s.kind.replace(/Stmt$/, "")} … CONCURRENTLY cannot run in a transaction: PostgreSQL runs the script's statements one by one, so a failure leaves earlier ones applied (and may leave an INVALID index).`,
      });
    } else if (NON_TRANSACTIONAL[s.kind]) {
      hazards.push({ code: "non_transactional", line: s.line, message: `${NON_TRANSACTIONAL[s.kind]}: the migration will fail as written.` });
    }
  }
  return hazards;
}
