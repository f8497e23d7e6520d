// Statements that defeat "one migration = one transaction": after a failure part of the script may remain.
import { asArray, unwrapAs } from "./ast";
import type { ParsedStatement } from "./parse-script";

export interface TransactionHazard {
  code: "transaction_control" | "concurrently" | "non_transactional";
  line: number;
  message: string;
  /** The statement's position in the script. */
  statementIndex: number;
}

const NON_TRANSACTIONAL: Record<string, string> = {
  VacuumStmt: "VACUUM cannot run inside a transaction block",
  CreatedbStmt: "CREATE DATABASE cannot run inside a transaction block",
  DropdbStmt: "DROP DATABASE cannot run inside a transaction block",
  AlterSystemStmt: "ALTER SYSTEM cannot run inside a transaction block",
  CreateTableSpaceStmt: "CREATE TABLESPACE cannot run inside a transaction block",
  DropTableSpaceStmt: "DROP TABLESPACE cannot run inside a transaction block",
};

/** CREATE/DROP INDEX, REINDEX and DETACH PARTITION … CONCURRENTLY (REFRESH … CONCURRENTLY may run in a transaction). */
function isConcurrently(s: ParsedStatement): boolean {
  if (s.kind === "RefreshMatViewStmt") return false;
  if ("concurrent" in s.node && s.node.concurrent === true) return true;
  if (s.kind === "ReindexStmt")
    return asArray(s.node.params).some((p) => unwrapAs("DefElem", p)?.defname === "concurrently");
  if (s.kind === "AlterTableStmt")
    return asArray(s.node.cmds).some((c) => {
      const cmd = unwrapAs("AlterTableCmd", c);
      return cmd?.subtype === "AT_DetachPartition" && unwrapAs("PartitionCmd", cmd.def)?.concurrent === true;
    });
  return false;
}

const CONCURRENT_NAMES: Record<string, string> = {
  IndexStmt: "CREATE INDEX",
  DropStmt: "DROP INDEX",
  ReindexStmt: "REINDEX",
  AlterTableStmt: "DETACH PARTITION",
};

function statementName(s: ParsedStatement): string {
  return CONCURRENT_NAMES[s.kind] ?? s.kind;
}

export function findTransactionHazards(statements: ParsedStatement[]): TransactionHazard[] {
  const hazards: TransactionHazard[] = [];
  for (const s of statements) {
    if (s.kind === "TransactionStmt") {
      const kind = String(s.node.kind ?? "").replace("TRANS_STMT_", "");
      hazards.push({
        code: "transaction_control",
        line: s.line,
        statementIndex: s.index,
        message: `The script controls its own transaction (${kind}): statements committed before a failure stay applied.`,
      });
    } else if (isConcurrently(s)) {
      hazards.push({
        code: "concurrently",
        line: s.line,
        statementIndex: s.index,
        message: `${statementName(s)} … CONCURRENTLY cannot run inside a transaction block: with other statements in the script (which PostgreSQL then runs as one implicit transaction) the migration fails; alone, it runs outside any transaction and a failure may leave an INVALID index behind.`,
      });
    } else if (NON_TRANSACTIONAL[s.kind]) {
      hazards.push({
        code: "non_transactional",
        line: s.line,
        statementIndex: s.index,
        message: `${NON_TRANSACTIONAL[s.kind]}: with other statements in the script the migration fails as written.`,
      });
    }
  }
  return hazards;
}
