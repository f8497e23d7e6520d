// Migrations × environments: one row per migration, one column per environment (dev → prod). Rows whose
// environments disagree are marked, so "prod is behind" or "failed only in prod" stands out at a glance.
import Link from "next/link";
import type { EnvironmentSummaryView, MatrixView, MigrationState } from "@/lib/environments/views";
import { paths } from "@/lib/client/paths";
import { LockIcon } from "./lock-icon";
import { describeState, StateBadge } from "./state-badge";
import { focusRing } from "./ui";

interface MigrationMatrixProps {
  projectName: string;
  matrix: MatrixView;
  environments: EnvironmentSummaryView[];
}

function rowDiffers(cells: Array<MigrationState | null | undefined>): boolean {
  // Marked applied by hand counts as applied: nobody is behind.
  const known = cells
    .filter((c): c is MigrationState => Boolean(c))
    .map((c) => (c === "applied_manually" ? "applied" : c));
  return new Set(known).size > 1;
}

function MatrixCell({
  environment,
  reachable,
  migrationName,
  state,
}: {
  environment: EnvironmentSummaryView["environment"];
  reachable: boolean;
  migrationName: string;
  state: MigrationState | null | undefined;
}) {
  const testId = `matrix-cell-${environment.name}-${migrationName}`;
  if (!state) {
    // No state: either the database could not be read, or this migration is in neither its history nor its source
    // (e.g. applied elsewhere from another branch).
    const unread = !reachable;
    const text = unread ? "Unknown" : "Not recorded";
    return (
      <td data-testid={testId} data-state={unread ? "unknown" : "absent"} className="px-3 py-1.5">
        <span
          className="text-xs text-muted"
          title={unread ? "This database could not be read" : "Not in this environment's history or migrations source"}
        >
          <span aria-hidden="true">— </span>
          {text}
        </span>
      </td>
    );
  }
  return (
    <td data-testid={testId} data-state={state} className="px-3 py-1.5">
      <Link
        href={paths.migration(environment.id, migrationName)}
        aria-label={`${describeState(state)}: ${migrationName} in ${environment.name}`}
        className={`inline-block rounded-full ${focusRing}`}
      >
        <StateBadge state={state} size="sm" />
      </Link>
    </td>
  );
}

export function MigrationMatrix({ projectName, matrix, environments }: MigrationMatrixProps) {
  const byId = new Map(environments.map((s) => [s.environment.id, s]));
  const summaries = matrix.environmentIds.flatMap((id) => {
    const summary = byId.get(id);
    return summary ? [summary] : [];
  });
  const columns = summaries.map((s) => s.environment);
  // An environment whose schema drifted from its migrations: its column says so (the ledger alone looks fine).
  const drifted = new Set(summaries.filter((s) => s.health === "drifted").map((s) => s.environment.id));
  const rows = [...matrix.rows].sort((a, b) => a.name.localeCompare(b.name));

  if (rows.length === 0) {
    return <p className="text-sm text-muted">No migrations in the source or in any database of {projectName} yet.</p>;
  }

  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface">
      <table data-testid="matrix" className="w-full border-collapse text-left text-sm">
        <caption className="px-3 py-2 text-left text-xs text-muted">
          {projectName}: state of each migration (rows, in deploy order) in each environment (columns). Rows marked
          “differs” are not in the same state everywhere.
        </caption>
        <thead className="bg-subtle">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">
              Migration
            </th>
            {columns.map((environment) => (
              <th key={environment.id} scope="col" className="px-3 py-2 font-semibold">
                <Link href={paths.environment(environment.id)} className={`hover:underline ${focusRing} rounded-sm`}>
                  {environment.name}
                </Link>
                {environment.isProtected ? (
                  <span title="Protected" className="ml-1 inline-block align-[-2px] text-amber-700 dark:text-amber-300">
                    <LockIcon />
                    <span className="sr-only">(protected)</span>
                  </span>
                ) : null}
                {drifted.has(environment.id) ? (
                  <span
                    title="Schema drift: the live schema differs from its applied migrations"
                    data-testid={`matrix-drift-${environment.name}`}
                    className="ml-1 rounded bg-amber-100 px-1 text-xs font-medium text-amber-950 dark:bg-amber-950/70 dark:text-amber-200"
                  >
                    ≈ drifted
                  </span>
                ) : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {rows.map((row) => {
            const states = columns.map((environment) => row.cells[environment.id]);
            const differs = rowDiffers(states);
            const failed = states.includes("failed");
            return (
              <tr
                key={row.name}
                className={
                  failed
                    ? "bg-red-50/60 dark:bg-red-950/20"
                    : differs
                      ? "bg-amber-50/50 dark:bg-amber-950/10"
                      : undefined
                }
              >
                <th scope="row" className="min-w-48 max-w-[28rem] px-3 py-1.5 font-mono text-xs font-normal break-all">
                  {row.name}
                  {differs ? (
                    <span
                      className="ml-2 whitespace-nowrap rounded border border-amber-400 px-1 font-sans text-[0.6875rem] font-medium text-amber-900 dark:border-amber-700 dark:text-amber-200"
                      title="Not in the same state in every environment"
                    >
                      differs
                    </span>
                  ) : null}
                </th>
                {summaries.map(({ environment, reachable }) => (
                  <MatrixCell
                    key={environment.id}
                    environment={environment}
                    reachable={reachable}
                    migrationName={row.name}
                    state={row.cells[environment.id]}
                  />
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
