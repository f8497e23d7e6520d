"use client";
// One migration in one environment: its state, the error if it failed (above the SQL, where you look first),
// the SQL itself, checksums, and every attempt.
import Link from "next/link";
import type { MigrationDetailView, Role } from "@/lib/environments/views";
import { buildTimeline } from "@/lib/client/attempts";
import { describeError } from "@/lib/client/fetch-json";
import { useMigrationDetail } from "@/lib/client/hooks";
import { paths } from "@/lib/client/paths";
import { ActionLauncherProvider, ResolveButtons } from "../actions/action-launcher";
import { AttemptItem } from "../attempt-item";
import { Banner } from "../banner";
import { ChecksumCompare } from "../checksum-compare";
import { FailureAnalysisPanel } from "../diagnosis/failure-analysis-panel";
import { RerunnablePanel } from "../diagnosis/rerunnable-panel";
import { ErrorLog } from "../error-log";
import { ExactTime } from "../exact-time";
import { LoadingBlock } from "../loading-block";
import { PageHeading } from "../page-heading";
import { ProtectedMarker } from "../protected-marker";
import { QueryError } from "../query-error";
import { SqlView } from "../sql-view";
import { STATE_META, StateBadge } from "../state-badge";
import { linkClass } from "../ui";

function StateNotice({ detail }: { detail: MigrationDetailView }) {
  const env = detail.environment;
  switch (detail.state) {
    case "failed":
      return (
        <Banner tone="danger" title={`This migration failed in ${env.name} and blocks every deploy (P3009)`}>
          {detail.logs?.trim() ? (
            <ErrorLog logs={detail.logs} label="Error stored by Prisma" defaultExpanded />
          ) : (
            <p>Prisma stored no error text for this attempt (the process may have been killed mid-way).</p>
          )}
          <p>
            Fix the cause, then mark it rolled back (
            <code className="font-mono text-xs">prisma migrate resolve --rolled-back {detail.name}</code>) and deploy
            again. If the script partly ran, check what it changed first: statements before the failing one stay applied
            unless the migration wraps itself in a transaction.
          </p>
          <ResolveButtons migration={detail.name} />
        </Banner>
      );
    case "in_progress":
      return <Banner tone="info" title="A deploy is applying this migration right now" />;
    case "modified":
      return (
        <Banner tone="warning" title="Edited after it was applied">
          <p>The SQL below is the current file; what ran here had a different checksum (see Checksums).</p>
        </Banner>
      );
    case "edited_acknowledged":
      return (
        <Banner tone="info" title="Edited after it was applied (acknowledged)">
          <p>
            The SQL below is the current file; what ran here had a different checksum (see Checksums).{" "}
            {detail.acknowledgement
              ? `${detail.acknowledgement.byLabel} acknowledged this edit${detail.acknowledgement.reason ? `: “${detail.acknowledgement.reason}”` : ""}.`
              : null}{" "}
            Prisma still reports it as modified; another edit reads modified again.
          </p>
        </Banner>
      );
    case "missing_locally":
      return (
        <Banner tone="warning" title="Not in the migrations source">
          <p>
            This database recorded the migration, but the project&apos;s migrations source has no folder for it, so its
            SQL cannot be shown.
          </p>
        </Banner>
      );
    case "rolled_back":
      return <Banner tone="info" title="Rolled back: the next deploy applies it again" />;
    case "pending":
      return <Banner tone="info" title="Not yet applied: the next deploy applies it" />;
    default:
      return null;
  }
}

/** States where the migration will run (again): worth making it re-runnable. */
const RERUNNABLE_STATES = new Set<MigrationDetailView["state"]>(["failed", "pending", "rolled_back"]);

interface MigrationScreenProps {
  environmentId: string;
  migrationName: string;
  role: Role;
}

export function MigrationScreen({ environmentId, migrationName, role }: MigrationScreenProps) {
  return (
    <ActionLauncherProvider environmentId={environmentId} role={role}>
      <MigrationBody environmentId={environmentId} migrationName={migrationName} />
    </ActionLauncherProvider>
  );
}

function MigrationBody({ environmentId, migrationName }: { environmentId: string; migrationName: string }) {
  const query = useMigrationDetail(environmentId, migrationName);

  if (query.isPending) return <LoadingBlock label="Loading the migration…" rows={1} />;
  if (!query.data) {
    return (
      <QueryError
        error={query.error}
        what={`migration ${migrationName}`}
        onRetry={() => void query.refetch()}
        backHref={paths.environment(environmentId)}
        backLabel="Back to the environment"
      />
    );
  }

  const detail = query.data;
  const env = detail.environment;
  const attempts = buildTimeline([detail]);
  return (
    <div className="space-y-8">
      <PageHeading
        eyebrow={
          <>
            <Link href={paths.overview()} className={linkClass}>
              Overview
            </Link>
            <span aria-hidden="true"> / </span>
            {env.projectName}
            <span aria-hidden="true"> / </span>
            <Link href={paths.environment(env.id)} className={linkClass}>
              {env.name}
            </Link>
            {env.isProtected ? (
              <>
                {" "}
                <ProtectedMarker compact />
              </>
            ) : null}
          </>
        }
        title={<span className="font-mono text-xl break-all">{detail.name}</span>}
      >
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <StateBadge state={detail.state} />
          <span className="text-muted">{STATE_META[detail.state]?.description}</span>
        </div>
        <dl className="flex flex-wrap gap-x-6 gap-y-1 pt-1 text-sm">
          <div className="flex gap-1.5">
            <dt className="text-muted">Started</dt>
            <dd>
              <ExactTime iso={detail.startedAt} fallback="never" />
            </dd>
          </div>
          <div className="flex gap-1.5">
            <dt className="text-muted">Finished</dt>
            <dd>
              <ExactTime iso={detail.finishedAt} fallback="never" />
            </dd>
          </div>
          {detail.rolledBackAt ? (
            <div className="flex gap-1.5">
              <dt className="text-muted">Rolled back</dt>
              <dd>
                <ExactTime iso={detail.rolledBackAt} />
              </dd>
            </div>
          ) : null}
        </dl>
      </PageHeading>

      {query.isError ? (
        <Banner tone="warning" title="The last refresh failed; showing the previous state">
          <p>{describeError(query.error)}</p>
        </Banner>
      ) : null}

      <StateNotice detail={detail} />

      {detail.state === "failed" && detail.sql !== null ? (
        <FailureAnalysisPanel environmentId={env.id} migrationName={detail.name} />
      ) : null}

      {RERUNNABLE_STATES.has(detail.state) && detail.sql !== null ? (
        <RerunnablePanel environmentId={env.id} migrationName={detail.name} />
      ) : null}

      <section aria-labelledby="sql-heading" className="space-y-3">
        <h2 id="sql-heading" className="text-lg font-semibold">
          SQL
        </h2>
        {detail.sql !== null ? (
          <SqlView sql={detail.sql} label={`${detail.name}/migration.sql`} />
        ) : (
          <p className="text-sm text-muted">No migration.sql in the migrations source for this migration.</p>
        )}
      </section>

      <section aria-labelledby="checksums-heading" className="space-y-3">
        <h2 id="checksums-heading" className="text-lg font-semibold">
          Checksums
        </h2>
        <ChecksumCompare
          localChecksum={detail.localChecksum}
          appliedChecksum={detail.appliedChecksum}
          mismatch={detail.checksumMismatch}
        />
      </section>

      <section aria-labelledby="attempts-heading" className="space-y-3">
        <h2 id="attempts-heading" className="text-lg font-semibold">
          Attempts <span className="font-normal text-muted">({attempts.length}, newest first)</span>
        </h2>
        {attempts.length > 0 ? (
          <ol className="space-y-3">
            {attempts.map((entry, index) => (
              <AttemptItem
                key={entry.attempt.id}
                entry={entry}
                environmentId={env.id}
                title={`Attempt ${attempts.length - index}`}
                logsShownAbove={detail.state === "failed" && entry.isDeciding}
              />
            ))}
          </ol>
        ) : (
          <p className="text-sm text-muted">Never attempted on this database.</p>
        )}
      </section>
    </div>
  );
}
