// Everything else that needs attention on an environment: unreachable, deploy running, history diverged from the
// source, a source that cannot be read, or a database Prisma Migrate has never touched.
import Link from "next/link";
import type { EnvironmentStatusView, HistoryDivergence, StatusError } from "@/lib/environments/views";
import { formatDuration, pluralize } from "@/lib/client/format";
import { paths } from "@/lib/client/paths";
import { AcknowledgedEditsNote, AcknowledgeEditsControl } from "./acknowledge-edits";
import { Banner } from "./banner";
import { FoldedList } from "./folded-list";
import { RelativeTime } from "./relative-time";
import { linkClass } from "./ui";

/** What to check next, by error code (Prisma's P1xxx connection codes). */
export function adviseUnreachable(
  error: StatusError | null,
  timeouts: { connectTimeoutMs: number; statementTimeoutMs: number },
): string {
  const timeout = formatDuration(timeouts.connectTimeoutMs);
  switch (error?.code) {
    case "P1000":
      return "The database rejected the credentials: check the user and password in this environment's URL. Other environments are unaffected.";
    case "P1003":
      return "The database named in the URL does not exist on that server: check the database name. Other environments are unaffected.";
    case "P1010":
      return "The database user may not read the migrations table: grant it access to the schema. Other environments are unaffected.";
    case "P1008":
      return `Reading the migrations table took longer than the ${formatDuration(timeouts.statementTimeoutMs)} statement timeout: the database may be overloaded or a lock may be held. Try again shortly; other environments are unaffected.`;
    default:
      return `Runway could not reach this database within its ${timeout} timeout: check the host, network rules and credentials; other environments are unaffected.`;
  }
}

function NameList({ names, environmentId }: { names: string[]; environmentId: string }) {
  return (
    <FoldedList
      items={names}
      noun="migration"
      className="list-disc space-y-0.5 pl-5"
      renderItem={(name) => (
        <Link href={paths.migration(environmentId, name)} className={`${linkClass} font-mono text-xs break-all`}>
          {name}
        </Link>
      )}
    />
  );
}

function DivergenceBanner({ divergence, environmentId }: { divergence: HistoryDivergence; environmentId: string }) {
  if (divergence.kind === "folder_behind") {
    return (
      <Banner
        tone="warning"
        title={`The database has ${pluralize(divergence.missingLocally.length, "migration")} the migrations source does not`}
      >
        <p>
          They were applied from another branch or a newer version of the app. Upload or point to the source that
          contains them.
        </p>
        <NameList names={divergence.missingLocally} environmentId={environmentId} />
      </Banner>
    );
  }
  if (divergence.kind === "diverged") {
    return (
      <Banner tone="warning" title="The database history and the migrations source have diverged">
        <p>
          They agree up to{" "}
          {divergence.lastCommon ? <span className="font-mono">{divergence.lastCommon}</span> : "no common migration"}.
          After that, the database has migrations the source lacks, and the source has migrations the database has not
          applied. Deploying now would leave both sets in place.
        </p>
        <p className="font-medium">Only in the database:</p>
        <NameList names={divergence.missingLocally} environmentId={environmentId} />
        <p className="font-medium">Only in the source (not applied):</p>
        <NameList names={divergence.unapplied} environmentId={environmentId} />
      </Banner>
    );
  }
  return null;
}

export function EnvironmentWarnings({ status }: { status: EnvironmentStatusView }) {
  const env = status.environment;
  const modified = status.migrations.filter((m) => m.state === "modified").map((m) => m.name);
  return (
    <div className="space-y-3">
      {!status.reachable ? (
        <Banner tone="danger" title={status.error?.title ?? "This database could not be read"}>
          {status.error?.message ? <p className="font-mono text-xs break-words">{status.error.message}</p> : null}
          <p>{adviseUnreachable(status.error, env)}</p>
        </Banner>
      ) : null}

      {status.inProgress ? (
        <Banner tone="info" title="A deploy is running on this database">
          {status.lockHolder ? (
            <p>
              Session pid <span className="font-mono">{status.lockHolder.pid}</span>
              {status.lockHolder.applicationName ? (
                <>
                  {" "}
                  (<span className="font-mono">{status.lockHolder.applicationName}</span>)
                </>
              ) : null}{" "}
              holds Prisma&apos;s migrate lock
              {status.lockHolder.since ? (
                <>
                  {" "}
                  since <RelativeTime iso={status.lockHolder.since} />
                </>
              ) : null}
              {status.lockHolder.state ? `, state “${status.lockHolder.state}”` : ""}. Wait for it to finish before
              acting.
            </p>
          ) : (
            <p>Another session holds Prisma&apos;s migrate lock. Wait for it to finish before acting.</p>
          )}
        </Banner>
      ) : null}

      {status.divergence ? <DivergenceBanner divergence={status.divergence} environmentId={env.id} /> : null}

      {modified.length > 0 ? (
        <Banner
          tone="warning"
          testId="edited-migrations"
          title={`${pluralize(modified.length, "migration")} edited after being applied here`}
        >
          <p>
            The local migration.sql no longer matches the checksum recorded when it ran, so Prisma reports it as
            modified (and <code className="font-mono text-xs">migrate dev</code> would want to reset). The database
            still has what ran originally.
          </p>
          <NameList names={modified} environmentId={env.id} />
          <AcknowledgeEditsControl environmentId={env.id} migrations={status.migrations} />
        </Banner>
      ) : null}

      <AcknowledgedEditsNote status={status} />

      {status.source.error ? (
        <Banner tone="warning" title="The migrations source could not be read">
          <p>{status.source.error}</p>
        </Banner>
      ) : null}

      {status.source.problems.length > 0 ? (
        <Banner
          tone="warning"
          title={`The migrations source has ${pluralize(status.source.problems.length, "problem")}`}
        >
          <ul className="list-disc space-y-0.5 pl-5">
            {status.source.problems.map((problem) => (
              <li key={`${problem.kind}:${problem.path}`}>
                <span className="font-mono text-xs">{problem.path}</span>: {problem.message}
              </li>
            ))}
          </ul>
        </Banner>
      ) : null}

      {status.reachable && !status.hasMigrationsTable ? (
        <Banner tone="info" title="Prisma Migrate has never run on this database">
          <p>
            There is no <code className="font-mono text-xs">_prisma_migrations</code> table in schema{" "}
            <span className="font-mono">{env.schema}</span>. The first{" "}
            <code className="font-mono text-xs">migrate deploy</code> creates it and applies all{" "}
            {pluralize(status.source.migrationCount, "migration")}; if the schema already has tables, Prisma refuses
            (P3005) and the database must be baselined first.
          </p>
        </Banner>
      ) : null}
    </div>
  );
}
