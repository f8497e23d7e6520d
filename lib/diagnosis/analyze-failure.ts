// After a failed migration: which of its statements' effects exist in the target now, which statement failed
// and why in plain words, and what to resolve it as. The operator still decides; this preselects the choice.
import { describeScript, type StatementEffect } from "../sql/effects";
import { findTransactionHazards } from "../sql/transaction-hazards";
import { loadCatalogSnapshot, probeEffect, scopeOfEffects, type Presence } from "./probe-catalog";
import { explainErrorCode, readFailureLog } from "./read-failure-log";
import { withReadOnlyTarget } from "./read-only-target";

export interface StatementAnalysis {
  index: number;
  line: number;
  text: string;
  effects: Array<StatementEffect & { presence: Presence }>;
  /** present: all its effects exist; absent: none do; partial: some; unknown: cannot be told from catalogs. */
  presence: Presence | "partial";
  failed: boolean;
}

export type Recommendation =
  | { choice: "rolled_back"; reason: string }
  | { choice: "applied"; reason: string }
  | { choice: "partial"; reason: string; remaining: number[]; missing: number[] };

export interface FailureAnalysis {
  migrationName: string;
  error: { code: string | null; message: string | null; explanation: string | null };
  /** The script ran as one transaction (no COMMIT, CONCURRENTLY, …): a failure left nothing behind. */
  transactional: boolean;
  parseError: { message: string; line: number | null } | null;
  statements: StatementAnalysis[];
  failedStatement: { index: number; line: number; text: string } | null;
  recommendation: Recommendation;
}

function summarise(effects: Array<{ presence: Presence }>): Presence | "partial" {
  const known = effects.filter((e) => e.presence !== "unknown");
  if (known.length === 0) return "unknown";
  if (known.every((e) => e.presence === "present")) return "present";
  if (known.every((e) => e.presence === "absent")) return "absent";
  return "partial";
}

/** The failing statement: the line Runway recorded, else the first statement naming the object in the error. */
function findFailed(statements: StatementAnalysis[], line: number | null, objects: string[]): StatementAnalysis | null {
  if (line !== null) return [...statements].reverse().find((s) => s.line <= line) ?? null;
  if (objects.length === 0) return null;
  return (
    statements.find((s) => s.effects.some((e) => objects.includes(e.table ?? "") || objects.includes(e.name ?? ""))) ??
    null
  );
}

function recommend(
  transactional: boolean,
  statements: StatementAnalysis[],
  failed: StatementAnalysis | null,
  code: string | null,
): Recommendation {
  const collision = code !== null && ["42P07", "42701", "42710", "42P06"].includes(code);
  if (transactional) {
    const why = collision
      ? "The object it creates already existed before the migration ran (made by hand or by another migration): make that statement re-runnable (IF NOT EXISTS), then deploy again."
      : "Fix the cause, then deploy again.";
    return {
      choice: "rolled_back",
      reason: `The script ran as one transaction and failed${failed ? ` at line ${failed.line}` : ""}, so PostgreSQL undid every statement of it: nothing of this attempt remains. Mark it rolled back. ${why}`,
    };
  }
  const before = failed ? statements.filter((s) => s.index < failed.index) : statements;
  const remaining = before.filter((s) => s.presence === "present" || s.presence === "partial").map((s) => s.index);
  const missing = statements.filter((s) => s.presence === "absent").map((s) => s.index);
  if (remaining.length === 0)
    return {
      choice: "rolled_back",
      reason:
        "The script controls its own transactions, but none of its effects exist in the database: mark it rolled back, fix it, deploy again.",
    };
  if (missing.length === 0 && statements.every((s) => s.presence !== "unknown"))
    return {
      choice: "applied",
      reason:
        "Every effect of the migration exists in the database (completed by hand or before the failure): mark it applied.",
    };
  return {
    choice: "partial",
    reason:
      "Partially applied: the script committed part of its work before failing. Either undo the statements that remain and mark it rolled back, or complete the missing ones by hand and mark it applied.",
    remaining,
    missing,
  };
}

export async function analyzeFailure(
  url: string,
  migration: { name: string; sql: string; logs: string | null },
  options: { connectTimeoutMs?: number; statementTimeoutMs?: number } = {},
): Promise<FailureAnalysis> {
  const log = readFailureLog(migration.logs);
  const error = { code: log.code, message: log.message, explanation: explainErrorCode(log.code) };
  const described = await describeScript(migration.sql);
  if (!described.ok) {
    return {
      migrationName: migration.name,
      error,
      transactional: false,
      parseError: described.error,
      statements: [],
      failedStatement: null,
      recommendation: {
        choice: "partial",
        reason: "The script does not parse, so its effects cannot be checked: review it by hand.",
        remaining: [],
        missing: [],
      },
    };
  }
  const transactional = findTransactionHazards(described.statements).length === 0;
  // Only the catalog rows of what the migration names: the cost follows the migration, not the database's size.
  const scope = scopeOfEffects(described.statements.flatMap((s) => s.effects));
  const statements = await withReadOnlyTarget(
    url,
    { ...options, applicationName: "runway (diagnosis)" },
    async (client) => {
      const snapshot = await loadCatalogSnapshot(client, scope);
      const analysed: StatementAnalysis[] = [];
      for (const s of described.statements) {
        const effects = s.effects.map((e) => ({ ...e, presence: probeEffect(snapshot, e) }));
        analysed.push({
          index: s.index,
          line: s.line,
          text: s.text,
          effects,
          presence: summarise(effects),
          failed: false,
        });
      }
      return analysed;
    },
  );
  const failed = findFailed(statements, log.line, log.objects);
  if (failed) failed.failed = true;
  return {
    migrationName: migration.name,
    error,
    transactional,
    parseError: null,
    statements,
    failedStatement: failed ? { index: failed.index, line: failed.line, text: failed.text } : null,
    recommendation: recommend(transactional, statements, failed, log.code),
  };
}
