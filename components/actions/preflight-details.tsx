"use client";
// What an action will do, before it does it: a summary first (the target, how many migrations, the warnings, the
// dry run, what needs confirming), then why it is refused when it may not run, the warnings (with migration and
// line), the `_prisma_migrations` rows it touches and, for a deploy, the scripts in the order they will run —
// long lists folded, so a 180-migration deploy reads in one screen — and the equivalent Prisma CLI command.
import { useState, type ReactNode } from "react";
import type { PreflightRowChange, PreflightView, PreflightWarning } from "@/lib/actions/views";
import { describeActionKind, describeActionStatus, describeRowChange, groupRowChanges } from "@/lib/client/actions";
import { formatDuration, pluralize } from "@/lib/client/format";
import { Banner } from "../banner";
import { CopyButton } from "../copy-button";
import { ExactTime } from "../exact-time";
import { FoldedList } from "../folded-list";
import { ProtectedMarker } from "../protected-marker";
import { SqlView } from "../sql-view";
import { buttonClass } from "../ui";

const WARNING_CLASS =
  "list-none space-y-0.5 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100";

function WarningBody({ warning, showMigration = true }: { warning: PreflightWarning; showMigration?: boolean }) {
  return (
    <>
      <p className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs">
        <span className="rounded border border-amber-400 px-1 font-mono dark:border-amber-700">{warning.code}</span>
        {showMigration && warning.migrationName ? (
          <span className="font-mono break-all">{warning.migrationName}</span>
        ) : null}
        {warning.line !== null ? <span className="font-medium">line {warning.line}</span> : null}
      </p>
      <p>{warning.message}</p>
    </>
  );
}

function WarningItem({ warning, showMigration = true }: { warning: PreflightWarning; showMigration?: boolean }) {
  return (
    <li className={WARNING_CLASS}>
      <WarningBody warning={warning} showMigration={showMigration} />
    </li>
  );
}

function DryRunNote({ dryRun }: { dryRun: NonNullable<PreflightView["dryRun"]> }) {
  const seconds = (dryRun.durationMs / 1000).toFixed(1);
  if (dryRun.verdict === "succeeds")
    return (
      <Banner
        tone="success"
        testId="preflight-dry-run"
        title={`Dry run: Prisma's engine applied ${pluralize(dryRun.appliedMigrationNames.length, "migration")} cleanly`}
      >
        <p className="text-sm">
          In a shadow database holding this environment&rsquo;s schema as it is (its applied migrations
          {dryRun.driftApplied ? ", then its drift" : ""}), in {seconds} s. Data-dependent failures cannot show there:
          the shadow has no rows.
        </p>
      </Banner>
    );
  if (dryRun.verdict === "fails")
    return (
      <div data-testid="preflight-dry-run" data-verdict="fails" className="space-y-1 text-sm">
        <p className="font-semibold">
          Dry run failed on <code className="font-mono">{dryRun.failure?.migrationName}</code>
          {dryRun.failure?.line ? ` line ${dryRun.failure.line}` : ""} ({dryRun.failure?.code})
        </p>
        {dryRun.failure?.statement ? (
          <pre className="overflow-x-auto rounded bg-subtle p-2 font-mono text-xs">{dryRun.failure.statement}</pre>
        ) : null}
        <pre className="max-h-48 overflow-auto whitespace-pre-wrap rounded bg-subtle p-2 font-mono text-xs">
          {dryRun.failure?.message}
        </pre>
      </div>
    );
  return (
    <Banner tone="warning" testId="preflight-dry-run" title="No dry run">
      <p className="text-sm">{dryRun.reason}</p>
    </Banner>
  );
}

function SummaryRow({ term, children, testId }: { term: string; children: ReactNode; testId?: string }) {
  return (
    <div className="flex flex-col gap-x-3 sm:flex-row">
      <dt className="shrink-0 text-muted sm:w-32">{term}</dt>
      <dd className="min-w-0" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function describeDryRun(dryRun: PreflightView["dryRun"]): string {
  if (!dryRun) return "not run for this action";
  if (dryRun.verdict === "succeeds") return `succeeded in a shadow copy (${formatDuration(dryRun.durationMs)})`;
  if (dryRun.verdict === "fails") return `failed on ${dryRun.failure?.migrationName ?? "a migration"}: see below`;
  return "inconclusive: see below";
}

/**
 * The preflight in a few lines, before any list: where, how much, how risky, and what the person must do. Rows
 * other parts of the dialog add (the release a deploy applies) come as children, after the target.
 */
export function PreflightSummary({
  preflight,
  asking = true,
  children,
}: {
  preflight: PreflightView;
  /** The requester's dialog (says what they must confirm); false on the approver's page. */
  asking?: boolean;
  children?: ReactNode;
}) {
  const toApply = preflight.migrationsToApply;
  const overridable = !preflight.allowed && Boolean(preflight.refusal?.overridable);
  const needs = [
    preflight.isProtected && (preflight.allowed || overridable) ? `type ${preflight.environmentName} below` : null,
    overridable ? "give a reason for deploying despite the failed dry run" : null,
    preflight.needsApproval && (preflight.allowed || overridable) ? "a second operator approves before it runs" : null,
  ].filter(Boolean);
  return (
    <section
      aria-labelledby="preflight-summary-heading"
      className="space-y-2 rounded-md border border-border bg-subtle p-3"
    >
      <h3 id="preflight-summary-heading" className="text-sm font-semibold">
        Summary
      </h3>
      <dl className="space-y-1 text-sm" data-testid="preflight-summary">
        <SummaryRow term="Target" testId="summary-target">
          <span className="inline-flex flex-wrap items-center gap-2">
            <strong>{preflight.environmentName}</strong>
            {preflight.isProtected ? <ProtectedMarker /> : null}
          </span>
        </SummaryRow>
        {preflight.kind === "deploy" && preflight.release ? (
          <SummaryRow term="Release" testId="summary-release">
            #{preflight.release.number} <span className="text-muted">{preflight.release.label}</span>
            {preflight.release.chosen ? null : " (the newest)"}
          </SummaryRow>
        ) : null}
        {children}
        <SummaryRow term={preflight.kind === "deploy" ? "Migrations" : "Migration"} testId="summary-migrations">
          {preflight.kind === "deploy" ? (
            toApply.length > 0 ? (
              <>
                {pluralize(toApply.length, "migration")} will run
                {toApply.length > 1 ? (
                  <>
                    , <span className="font-mono break-all">{toApply[0].name}</span> →{" "}
                    <span className="font-mono break-all">{toApply.at(-1)!.name}</span>
                  </>
                ) : (
                  <>
                    : <span className="font-mono break-all">{toApply[0].name}</span>
                  </>
                )}
              </>
            ) : (
              "none to run"
            )
          ) : (
            <span className="font-mono break-all">{preflight.migrationName}</span>
          )}
        </SummaryRow>
        <SummaryRow term="Warnings" testId="summary-warnings">
          {preflight.warnings.length > 0 ? `${preflight.warnings.length}, listed below` : "none"}
        </SummaryRow>
        {preflight.kind === "deploy" ? (
          <SummaryRow term="Dry run" testId="summary-dry-run">
            {describeDryRun(preflight.dryRun)}
          </SummaryRow>
        ) : null}
        {asking ? (
          <SummaryRow term="To confirm" testId="summary-confirm">
            {preflight.openAction
              ? "nothing yet: another action is open on this environment"
              : !preflight.allowed && !overridable
                ? `nothing: refused (${preflight.refusal?.code ?? "not allowed"})`
                : needs.length > 0
                  ? `${needs.join("; ")}.`
                  : "nothing more: submit when ready."}
          </SummaryRow>
        ) : null}
      </dl>
    </section>
  );
}

/** A run of identical row changes: one line, its migrations named first → last, the full list on demand. */
function RowGroup({ change, rows }: { change: PreflightRowChange["change"]; rows: PreflightRowChange[] }) {
  const [open, setOpen] = useState(false);
  if (rows.length <= 3)
    return rows.map((row, index) => (
      <li
        key={`${row.rowId ?? "new"}-${row.migrationName}-${index}`}
        data-change={row.change}
        className="space-y-1 px-3 py-2 text-sm"
      >
        <p className="font-mono text-xs break-all">{row.migrationName}</p>
        <p>{describeRowChange(row.change)}</p>
        <p className="flex flex-wrap gap-x-4 text-xs text-muted">
          <span>Row: {row.rowId ? <span className="font-mono">{row.rowId}</span> : "new row"}</span>
          {row.startedAt ? (
            <span>
              Attempt started <ExactTime iso={row.startedAt} />
            </span>
          ) : null}
        </p>
      </li>
    ));
  return (
    <li data-change={change} data-count={rows.length} className="space-y-1 px-3 py-2 text-sm">
      <p>
        <strong>{pluralize(rows.length, "row")}</strong>, one per migration: {describeRowChange(change)}
      </p>
      <details onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary className="cursor-pointer text-xs text-accent">
          <span className="font-mono break-all">{rows[0].migrationName}</span> …{" "}
          <span className="font-mono break-all">{rows.at(-1)!.migrationName}</span> (show all {rows.length})
        </summary>
        {open ? (
          <ol className="mt-1 list-decimal space-y-0.5 pl-6 font-mono text-xs">
            {rows.map((row) => (
              <li key={row.migrationName} className="break-all">
                {row.migrationName}
              </li>
            ))}
          </ol>
        ) : null}
      </details>
    </li>
  );
}

/** Up to this many migrations, their SQL shows opened: a reviewer reads a small deploy without a click. */
const SQL_OPEN_UP_TO = 3;

/** One migration that will run: its name and warnings, its SQL when opened (rendered only then). */
function MigrationToApply({
  migration,
  initiallyOpen,
}: {
  migration: PreflightView["migrationsToApply"][number];
  initiallyOpen: boolean;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details
      open={initiallyOpen}
      className="rounded-md border border-border"
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary className="cursor-pointer px-3 py-2 text-sm">
        <span className="font-mono break-all">{migration.name}</span>
        {migration.warnings.length > 0 ? (
          <span className="ml-2 text-xs font-medium text-amber-800 dark:text-amber-300">
            ⚠ {pluralize(migration.warnings.length, "warning")}
          </span>
        ) : null}
        {open ? null : <span className="ml-2 text-xs text-muted">(show SQL)</span>}
      </summary>
      {open ? (
        <div className="space-y-2 border-t border-border p-2">
          {migration.warnings.length > 0 ? (
            <ul className="space-y-1.5">
              {migration.warnings.map((warning, i) => (
                <WarningItem key={i} warning={warning} showMigration={false} />
              ))}
            </ul>
          ) : null}
          <SqlView sql={migration.sql} label={`${migration.name}/migration.sql`} />
        </div>
      ) : null}
    </details>
  );
}

export function PreflightDetails({
  preflight,
  onFollowOpenAction,
}: {
  preflight: PreflightView;
  onFollowOpenAction: (id: string) => void;
}) {
  return (
    <div className="space-y-5">
      {preflight.refusal ? (
        <Banner tone="danger" testId="preflight-refusal" title={`Refused: ${preflight.refusal.code}`}>
          <p className="whitespace-pre-wrap break-words">{preflight.refusal.message}</p>
        </Banner>
      ) : null}

      {preflight.dryRun ? <DryRunNote dryRun={preflight.dryRun} /> : null}

      {preflight.openAction ? (
        <Banner tone="warning" testId="preflight-open-action" title="Another action is open on this environment">
          <p>
            {describeActionKind(preflight.openAction.kind)} requested by {preflight.openAction.requestedByLabel} is{" "}
            {describeActionStatus(preflight.openAction.status)}. One action at a time: wait for it to end (or be
            rejected) before asking for another.
          </p>
          <button
            type="button"
            className={buttonClass("secondary", "sm")}
            onClick={() => onFollowOpenAction(preflight.openAction!.id)}
          >
            Show that action
          </button>
        </Banner>
      ) : null}

      <section aria-labelledby="preflight-warnings-heading" className="space-y-2">
        <h3 id="preflight-warnings-heading" className="text-sm font-semibold">
          Warnings <span className="font-normal text-muted">({preflight.warnings.length})</span>
        </h3>
        <div data-testid="preflight-warnings">
          {preflight.warnings.length > 0 ? (
            <FoldedList
              items={preflight.warnings}
              getKey={(_, index) => String(index)}
              noun="warning"
              head={5}
              tail={1}
              className="space-y-1.5"
              renderItem={(warning) => <WarningBody warning={warning} />}
              itemClassName={WARNING_CLASS}
            />
          ) : (
            <p className="text-sm text-muted">None.</p>
          )}
        </div>
      </section>

      <section aria-labelledby="preflight-rows-heading" className="space-y-2">
        <h3 id="preflight-rows-heading" className="text-sm font-semibold">
          What changes in <code className="font-mono">_prisma_migrations</code>
        </h3>
        <div data-testid="preflight-row-changes">
          {preflight.rowChanges.length > 0 ? (
            <ul className="divide-y divide-border rounded-md border border-border">
              {groupRowChanges(preflight.rowChanges).map((group, index) => (
                <RowGroup key={`${group.change}-${index}`} change={group.change} rows={group.rows} />
              ))}
            </ul>
          ) : (
            <p className="text-sm text-muted">
              Nothing: {preflight.allowed ? "no row changes." : "the action is refused in this state."}
            </p>
          )}
        </div>
      </section>

      {preflight.migrationsToApply.length > 0 ? (
        <section aria-labelledby="preflight-apply-heading" className="space-y-2">
          <h3 id="preflight-apply-heading" className="text-sm font-semibold">
            {pluralize(preflight.migrationsToApply.length, "migration")} will run, in this order
          </h3>
          <FoldedList
            items={preflight.migrationsToApply}
            getKey={(migration) => migration.name}
            noun="migration"
            numbered
            head={2}
            tail={1}
            testId="preflight-migrations"
            className="space-y-2 marker:text-xs marker:text-muted"
            renderItem={(migration) => (
              <MigrationToApply
                migration={migration}
                initiallyOpen={preflight.migrationsToApply.length <= SQL_OPEN_UP_TO}
              />
            )}
          />
        </section>
      ) : null}

      <section aria-labelledby="preflight-cli-heading" className="space-y-2">
        <h3 id="preflight-cli-heading" className="text-sm font-semibold">
          Equivalent Prisma CLI command
        </h3>
        <div className="flex flex-wrap items-center gap-2">
          <code
            data-testid="preflight-cli"
            className="min-w-0 flex-1 rounded-md border border-border bg-subtle px-3 py-2 font-mono text-xs break-all"
          >
            {preflight.cliCommand}
          </code>
          <CopyButton value={preflight.cliCommand} label="the CLI command" />
        </div>
      </section>
    </div>
  );
}
