"use client";
// The runbook's step between "mark rolled back" and "deploy": while a rolled-back migration's file is the one that
// failed, deploying repeats the same failure, so the page says so and shows the ways to ship a fixed version (the
// re-runnable patch at the project's real migrations path, `runway push`, an upload). Once the source has a new
// version of it, the page moves on: deploy that release.
import { useId, useState, type FormEvent } from "react";
import type { EnvironmentStatusView, MigrationView } from "@/lib/environments/views";
import { describeError } from "@/lib/client/fetch-json";
import { pluralize } from "@/lib/client/format";
import { shipFixPatchUrl, usePushRelease, useShipFix } from "@/lib/client/release-hooks";
import { useActionLauncher } from "./actions/action-launcher";
import { Banner } from "./banner";
import { CopyButton } from "./copy-button";
import { DiffView } from "./diagnosis/diff-view";
import { ExactTime } from "./exact-time";
import { describedBy, Field } from "./form-controls";
import { LoadingBlock } from "./loading-block";
import { MigrationsFolderPicker } from "./migrations-folder-picker";
import { QueryError } from "./query-error";
import { buttonClass, inputClass } from "./ui";
import { DisabledReason } from "./disabled-reason";

const rolledBack = (status: EnvironmentStatusView, since: MigrationView["sinceFailure"]) =>
  status.migrations.filter((m) => m.state === "rolled_back" && m.sinceFailure === since);

/** Why deploying is not the next step (shown by the deploy button), or null when it is. */
export function describeDeployCaution(status: EnvironmentStatusView): string | null {
  const unchanged = rolledBack(status, "unchanged").map((m) => m.name);
  if (unchanged.length === 0) return null;
  return `Not the next step: ${unchanged.join(", ")} ${unchanged.length === 1 ? "is" : "are"} unchanged since ${
    unchanged.length === 1 ? "it" : "they"
  } failed, so deploying now repeats the same failure. Ship a fixed version first (see “Ship a fixed version”).`;
}

function CommandBlock({ command, label, testId }: { command: string; label: string; testId: string }) {
  return (
    <div className="flex flex-wrap items-start gap-2">
      <pre
        data-testid={testId}
        className="min-w-0 flex-1 overflow-x-auto rounded-md border border-border bg-subtle px-3 py-2 font-mono text-xs whitespace-pre"
      >
        {command}
      </pre>
      <CopyButton value={command} label={label} />
    </div>
  );
}

function UploadFixForm({ projectName }: { projectName: string }) {
  const id = useId();
  const push = usePushRelease();
  const [files, setFiles] = useState<Record<string, string> | null>(null);
  const [message, setMessage] = useState("");
  const [pickerKey, setPickerKey] = useState(0);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!files) return;
    push.mutate(
      { project: projectName, files, message: message.trim() || undefined },
      {
        onSuccess: () => {
          setFiles(null);
          setMessage("");
          setPickerKey((k) => k + 1);
        },
      },
    );
  }

  return (
    <form
      onSubmit={handleSubmit}
      data-testid="ship-fix-upload"
      aria-label="Upload the fixed migrations"
      className="space-y-2"
    >
      <MigrationsFolderPicker
        key={pickerKey}
        id={`${id}-folder`}
        label="The fixed migrations folder"
        onRead={setFiles}
        disabled={push.isPending}
      />
      <Field id={`${id}-message`} label="What changed (optional)" hint="Recorded with the release.">
        <input
          id={`${id}-message`}
          value={message}
          maxLength={2000}
          onChange={(event) => setMessage(event.target.value)}
          aria-describedby={describedBy(`${id}-message`, true, false)}
          className={inputClass}
        />
      </Field>
      {push.error ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
          {describeError(push.error)}
        </p>
      ) : null}
      {push.isSuccess ? (
        <p role="status" className="text-sm">
          {push.data.created
            ? `Release #${push.data.release.number} recorded.`
            : `These files are release #${push.data.release.number} already.`}
        </p>
      ) : null}
      <DisabledReason id={`${id}-reason`} reason={files ? null : "Choose the fixed migrations folder first."} />
      <button
        type="submit"
        disabled={!files || push.isPending}
        aria-describedby={files ? undefined : `${id}-reason`}
        className={buttonClass("primary", "sm")}
      >
        {push.isPending ? "Uploading…" : "Upload as a new release"}
      </button>
    </form>
  );
}

function WaysToShip({ environmentId, canAct }: { environmentId: string; canAct: boolean }) {
  const plan = useShipFix(environmentId, true);
  if (plan.isPending) return <LoadingBlock label="Preparing the re-runnable version…" rows={1} />;
  if (!plan.data)
    return <QueryError error={plan.error} what="the ways to ship a fix" onRetry={() => void plan.refetch()} />;
  const view = plan.data;
  const { project } = view;
  return (
    <ol className="list-decimal space-y-4 pl-5">
      <li className="space-y-2">
        <p className="font-medium">Make it re-runnable in the application&apos;s repository</p>
        {view.patch ? (
          <>
            <p>
              The rewrite guards every statement that could fail on a second run (as the runbook did by hand), at{" "}
              <code className="font-mono text-xs">{project.repoMigrationsPath}</code>. Apply it at the repository&apos;s
              root:
            </p>
            <DiffView patch={view.patch} label="re-runnable rewrite" testId="ship-fix-diff" />
            <div className="flex flex-wrap items-center gap-2">
              <a
                data-testid="ship-fix-patch"
                href={shipFixPatchUrl(environmentId)}
                download="rerunnable.patch"
                className={buttonClass("secondary", "sm")}
              >
                Download patch
              </a>
            </div>
            <CommandBlock
              command="git apply --check rerunnable.patch && git apply rerunnable.patch"
              label="the git apply command"
              testId="ship-fix-git-apply"
            />
          </>
        ) : (
          <p>Runway has no rewrite for it: fix the migration by hand (the failure above says what failed).</p>
        )}
        {view.unsupported.length > 0 ? (
          <ul className="list-disc pl-5 text-xs">
            {view.unsupported.map((u, i) => (
              <li key={i}>
                <span className="font-mono">{u.migrationName}</span> line {u.line}: {u.reason}
              </li>
            ))}
          </ul>
        ) : null}
      </li>
      {view.pushCommand ? (
        <li className="space-y-2">
          <p className="font-medium">Push it as a release (from CI, or your machine)</p>
          <p>
            With a <em>release</em> API token for {project.name} (Admin → API tokens), from the repository&apos;s root:
          </p>
          <CommandBlock command={view.pushCommand} label="the runway push command" testId="ship-fix-push-command" />
        </li>
      ) : null}
      {project.git ? (
        <li className="space-y-1">
          <p className="font-medium">Commit it to {project.git.refName}</p>
          <p>
            This project reads <code className="font-mono text-xs">{project.repoMigrationsPath}</code> of the{" "}
            {project.git.refKind} <code className="font-mono text-xs">{project.git.refName}</code> in{" "}
            <code className="font-mono text-xs break-all">{project.git.repository}</code>: once the fixed commit is
            there, Runway records it as a new release at its next fetch (every{" "}
            {pluralize(project.git.intervalSeconds, "second")}), at once on the push webhook, or with <em>Fetch now</em>{" "}
            on the project&apos;s releases page.
          </p>
        </li>
      ) : project.sourceKind === "upload" ? (
        canAct ? (
          <li className="space-y-2">
            <p className="font-medium">Or upload the fixed folder</p>
            <UploadFixForm projectName={project.name} />
          </li>
        ) : null
      ) : (
        <li className="space-y-1">
          <p className="font-medium">Or fix the folder Runway reads</p>
          <p>
            This project reads <code className="font-mono text-xs break-all">{project.folderPath}</code> on the server:
            once its files change, Runway records them as a new release.
          </p>
        </li>
      )}
    </ol>
  );
}

export function ShipFixPanel({ status }: { status: EnvironmentStatusView }) {
  const launcher = useActionLauncher();
  const canAct = Boolean(launcher?.canAct);
  const env = status.environment;
  const unchanged = rolledBack(status, "unchanged");
  const changed = rolledBack(status, "changed");
  if (!status.reachable || status.blocked) return null;

  if (unchanged.length > 0) {
    return (
      <section data-testid="ship-fix" aria-labelledby="ship-fix-heading" className="space-y-3">
        <Banner tone="warning" title={<span id="ship-fix-heading">Deploying now repeats the same failure</span>}>
          {unchanged.map((m) => {
            const failed = m.attempts.at(-1);
            return (
              <p key={m.name} data-testid="ship-fix-unchanged">
                <span className="font-mono text-xs break-all">{m.name}</span> is unchanged since it failed
                {failed ? (
                  <>
                    {" "}
                    (<ExactTime iso={failed.startedAt} />)
                  </>
                ) : null}
                : the migrations source has the very file that failed (checksum{" "}
                <span className="font-mono text-xs">{m.localChecksum?.slice(0, 12)}…</span>), so the next deploy runs
                the same script against {env.name} and fails the same way. Ship a fixed version first.
              </p>
            );
          })}
        </Banner>
        <h3 className="text-base font-semibold">Ship a fixed version</h3>
        <div className="text-sm">
          <WaysToShip environmentId={env.id} canAct={canAct} />
        </div>
      </section>
    );
  }

  if (changed.length > 0 && status.release) {
    const latest = status.release.latest;
    const edited = status.counts.modified;
    return (
      <section data-testid="ship-fix-next" aria-labelledby="ship-fix-next-heading">
        <Banner tone="info" title={<span id="ship-fix-next-heading">Next: deploy release #{latest.number}</span>}>
          <p>
            {pluralize(changed.length, "migration")} that failed here {changed.length === 1 ? "has" : "have"} a new
            version in release #{latest.number}
            {latest.label !== `#${latest.number}` ? ` (${latest.label})` : ""}:{" "}
            <span className="font-mono text-xs break-all">{changed.map((m) => m.name).join(", ")}</span>. Deploy it: the
            preflight&apos;s dry run applies it to a copy of {env.name}&apos;s schema first.
          </p>
          {edited > 0 ? (
            <p>
              The release also edits {pluralize(edited, "migration")} already applied here (they read modified, and are
              not run again): acknowledge the edits below once you have checked them.
            </p>
          ) : null}
          {canAct && status.pendingCount > 0 ? (
            <button
              type="button"
              data-testid="ship-fix-deploy"
              className={buttonClass("primary", "sm")}
              onClick={() => launcher!.request("deploy", null, status.pendingCount)}
            >
              Deploy release #{latest.number}…
            </button>
          ) : null}
        </Banner>
      </section>
    );
  }
  return null;
}
