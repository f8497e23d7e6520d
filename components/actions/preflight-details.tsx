"use client";
// What an action will do, before it does it: the `_prisma_migrations` rows it touches, for a deploy the scripts
// in the order they will run, the warnings (with migration and line), the equivalent Prisma CLI command, and
// why it is refused when it may not run.
import type { PreflightView, PreflightWarning } from "@/lib/actions/views";
import { describeActionKind, describeActionStatus, describeRowChange } from "@/lib/client/actions";
import { pluralize } from "@/lib/client/format";
import { Banner } from "../banner";
import { CopyButton } from "../copy-button";
import { ExactTime } from "../exact-time";
import { SqlView } from "../sql-view";
import { buttonClass } from "../ui";

function WarningItem({ warning, showMigration = true }: { warning: PreflightWarning; showMigration?: boolean }) {
  return (
    <li className="space-y-0.5 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
      <p className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs">
        <span className="rounded border border-amber-400 px-1 font-mono dark:border-amber-700">{warning.code}</span>
        {showMigration && warning.migrationName ? (
          <span className="font-mono break-all">{warning.migrationName}</span>
        ) : null}
        {warning.line !== null ? <span className="font-medium">line {warning.line}</span> : null}
      </p>
      <p>{warning.message}</p>
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

      <section aria-labelledby="preflight-rows-heading" className="space-y-2">
        <h3 id="preflight-rows-heading" className="text-sm font-semibold">
          What changes in <code className="font-mono">_prisma_migrations</code>
        </h3>
        <div data-testid="preflight-row-changes">
          {preflight.rowChanges.length > 0 ? (
            <ul className="divide-y divide-border rounded-md border border-border">
              {preflight.rowChanges.map((row, index) => (
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
          <ol data-testid="preflight-migrations" className="space-y-2">
            {preflight.migrationsToApply.map((migration, index) => (
              <li key={migration.name}>
                <details className="rounded-md border border-border">
                  <summary className="cursor-pointer px-3 py-2 text-sm">
                    <span className="tabular-nums text-muted">{index + 1}. </span>
                    <span className="font-mono break-all">{migration.name}</span>
                    {migration.warnings.length > 0 ? (
                      <span className="ml-2 text-xs font-medium text-amber-800 dark:text-amber-300">
                        ⚠ {pluralize(migration.warnings.length, "warning")}
                      </span>
                    ) : null}
                    <span className="ml-2 text-xs text-muted">(show SQL)</span>
                  </summary>
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
                </details>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="preflight-warnings-heading" className="space-y-2">
        <h3 id="preflight-warnings-heading" className="text-sm font-semibold">
          Warnings <span className="font-normal text-muted">({preflight.warnings.length})</span>
        </h3>
        <div data-testid="preflight-warnings">
          {preflight.warnings.length > 0 ? (
            <ul className="space-y-1.5">
              {preflight.warnings.map((warning, index) => (
                <WarningItem key={index} warning={warning} />
              ))}
            </ul>
          ) : (
            <p className="text-sm text-muted">None.</p>
          )}
        </div>
      </section>

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
