"use client";
// "Failure analysis" for a failed migration: the database error in plain words, whether PostgreSQL undid the
// script (one transaction) or part of it may remain, each statement's effects probed in the target's catalogs,
// the failed statement, and what to resolve it as. The recommended resolution's button is the primary one; the
// dialog it opens carries the advice, and the operator still decides.
import type { FailureAnalysis, Recommendation, StatementAnalysis } from "@/lib/diagnosis/views";
import { useFailureAnalysis } from "@/lib/client/hooks";
import { ResolveButtons, type ActionRecommendation } from "../actions/action-launcher";
import { Banner } from "../banner";
import { LoadingBlock } from "../loading-block";
import { QueryError } from "../query-error";
import { PresenceBadge } from "./presence";

const STATEMENT_PREVIEW = 160;

function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function describeEffect(effect: StatementAnalysis["effects"][number]): string {
  const name = [effect.schema, effect.name ?? effect.table].filter(Boolean).join(".");
  const onTable = effect.table && effect.name && effect.objectType !== "table" ? ` on ${effect.table}` : "";
  const renamed = effect.newName ? ` → ${effect.newName}` : "";
  return `${effect.kind} ${effect.objectType}${name ? ` ${name}` : ""}${renamed}${onTable}`;
}

const RECOMMENDATION_TITLE: Record<Recommendation["choice"], string> = {
  rolled_back: "Mark rolled back",
  applied: "Mark applied",
  partial: "Partially applied",
};

export function toActionRecommendation(recommendation: Recommendation): ActionRecommendation {
  return {
    kind:
      recommendation.choice === "rolled_back"
        ? "resolve_rolled_back"
        : recommendation.choice === "applied"
          ? "resolve_applied"
          : null,
    reason: recommendation.reason,
  };
}

function StatementItem({ statement }: { statement: StatementAnalysis }) {
  return (
    <li
      data-testid={statement.failed ? "failed-statement" : "analysed-statement"}
      data-presence={statement.presence}
      aria-current={statement.failed ? "step" : undefined}
      className={`space-y-1.5 rounded-md border px-3 py-2 ${
        statement.failed
          ? "border-red-400 bg-red-50 dark:border-red-700 dark:bg-red-950/40"
          : "border-border bg-surface"
      }`}
    >
      <div className="flex flex-wrap items-start gap-2">
        <span className="shrink-0 font-mono text-xs text-muted">line {statement.line}</span>
        {statement.failed ? (
          <span className="shrink-0 rounded-full bg-red-700 px-2 py-0.5 text-xs font-semibold text-white dark:bg-red-500 dark:text-slate-950">
            ✕ Failed here
          </span>
        ) : null}
        <code title={statement.text} className="min-w-0 flex-1 font-mono text-xs break-all">
          {truncate(statement.text, STATEMENT_PREVIEW)}
        </code>
        <PresenceBadge presence={statement.presence} />
      </div>
      {statement.effects.length > 0 ? (
        <ul className="space-y-1 pl-4 text-xs" aria-label={`Effects of the statement at line ${statement.line}`}>
          {statement.effects.map((effect, index) => (
            <li key={index} className="flex flex-wrap items-center gap-2">
              <PresenceBadge presence={effect.presence} />
              <span className="font-mono break-all">{describeEffect(effect)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="pl-4 text-xs text-muted">No effect Runway can check in the catalogs.</p>
      )}
    </li>
  );
}

function linesOf(analysis: FailureAnalysis, indexes: number[]): string {
  return indexes
    .map((index) => analysis.statements.find((s) => s.index === index)?.line)
    .filter((line): line is number => line !== undefined)
    .join(", ");
}

function RecommendationBlock({ analysis, migrationName }: { analysis: FailureAnalysis; migrationName: string }) {
  const recommendation = analysis.recommendation;
  const title = analysis.parseError
    ? "No recommendation: review it by hand"
    : RECOMMENDATION_TITLE[recommendation.choice];
  return (
    <div
      data-testid="recommendation"
      data-choice={recommendation.choice}
      className="space-y-2 rounded-md border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-100"
    >
      <p className="font-semibold">Recommendation: {title}</p>
      <p>{recommendation.reason}</p>
      {recommendation.choice === "partial" && !analysis.parseError ? (
        <ul className="list-disc pl-5 text-xs">
          {recommendation.remaining.length > 0 ? (
            <li>Still in the database: statements at line {linesOf(analysis, recommendation.remaining)}</li>
          ) : null}
          {recommendation.missing.length > 0 ? (
            <li>Missing: statements at line {linesOf(analysis, recommendation.missing)}</li>
          ) : null}
        </ul>
      ) : null}
      <ResolveButtons
        migration={migrationName}
        recommendation={toActionRecommendation(recommendation)}
        testIdPrefix="analysis-action"
      />
    </div>
  );
}

function AnalysisBody({ analysis, migrationName }: { analysis: FailureAnalysis; migrationName: string }) {
  const { error } = analysis;
  return (
    <div className="space-y-4">
      <div data-testid="analysis-error" className="space-y-1 rounded-md border border-border bg-surface p-3 text-sm">
        <p className="font-semibold">
          The database refused it
          {error.code ? (
            <>
              {" "}
              with <code className="font-mono">{error.code}</code>
            </>
          ) : null}
        </p>
        {error.explanation ? <p>{error.explanation}</p> : null}
        {error.message ? <p className="font-mono text-xs break-words text-muted">{error.message}</p> : null}
        {!error.code && !error.message ? (
          <p className="text-muted">Prisma stored no database error for this attempt.</p>
        ) : null}
      </div>

      {analysis.parseError ? (
        <Banner
          tone="warning"
          testId="analysis-parse-error"
          title={`The script does not parse${analysis.parseError.line !== null ? ` at line ${analysis.parseError.line}` : ""}: cannot analyse`}
        >
          <p className="font-mono text-xs break-words">{analysis.parseError.message}</p>
        </Banner>
      ) : (
        <>
          <p data-testid="analysis-transaction" data-transactional={analysis.transactional} className="text-sm">
            {analysis.transactional ? (
              <>
                <span aria-hidden="true">↺ </span>
                <strong>Ran as one transaction:</strong> when it failed, PostgreSQL undid every statement of it.
              </>
            ) : (
              <>
                <span aria-hidden="true">⚠ </span>
                <strong>The script controls its own transactions:</strong> part of it may remain in the database.
              </>
            )}
          </p>
          {analysis.statements.length > 0 ? (
            <div className="space-y-2">
              <h3 className="text-sm font-semibold">
                Statements{" "}
                <span className="font-normal text-muted">
                  (what each one changes, and whether it is in the database now)
                </span>
              </h3>
              <ol className="space-y-2">
                {analysis.statements.map((statement) => (
                  <StatementItem key={statement.index} statement={statement} />
                ))}
              </ol>
              {!analysis.failedStatement ? (
                <p className="text-xs text-muted">The failing statement could not be located from the stored error.</p>
              ) : null}
            </div>
          ) : (
            <p className="text-sm text-muted">The script has no statements.</p>
          )}
        </>
      )}

      <RecommendationBlock analysis={analysis} migrationName={migrationName} />
    </div>
  );
}

export function FailureAnalysisPanel({
  environmentId,
  migrationName,
}: {
  environmentId: string;
  migrationName: string;
}) {
  const query = useFailureAnalysis(environmentId, migrationName, true);
  return (
    <section
      data-testid="failure-analysis"
      aria-labelledby="failure-analysis-heading"
      aria-busy={query.isFetching}
      className="space-y-3"
    >
      <h2 id="failure-analysis-heading" className="text-lg font-semibold">
        Failure analysis
      </h2>
      {query.isPending ? (
        <LoadingBlock label="Checking what the failed attempt left in the database…" rows={1} />
      ) : !query.data ? (
        <QueryError error={query.error} what="the failure analysis" onRetry={() => void query.refetch()} />
      ) : (
        <AnalysisBody analysis={query.data} migrationName={migrationName} />
      )}
    </section>
  );
}
