"use client";
// Environments grouped by project, in deploy order (dev → staging → prod: the overview's columns), each with its
// order, edit and remove controls; and the form to add one. A list rather than a table, so it fits a phone.
import Link from "next/link";
import { useState } from "react";
import type { EnvironmentView, ProjectView } from "@/lib/environments/views";
import { formatDuration } from "@/lib/client/format";
import { useEnvironments, useProjects, useRemoveEnvironment, useReorderEnvironments } from "@/lib/client/hooks";
import { paths } from "@/lib/client/paths";
import { ConfirmByTypingDialog } from "../../confirm-by-typing-dialog";
import { FormError } from "../../form-controls";
import { ProtectedMarker } from "../../protected-marker";
import { QueryError } from "../../query-error";
import { buttonClass, linkClass } from "../../ui";
import { EditEnvironmentDialog } from "./edit-environment-dialog";
import { NewEnvironmentForm } from "./new-environment-form";

function RemoveEnvironmentDialog({ environment, onClose }: { environment: EnvironmentView; onClose: () => void }) {
  const remove = useRemoveEnvironment();
  return (
    <ConfirmByTypingDialog
      title={`Remove ${environment.projectName} / ${environment.name}?`}
      name={environment.name}
      confirmLabel="Remove environment"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={(confirmation) => remove.mutate({ id: environment.id, confirmation }, { onSuccess: onClose })}
      onClose={onClose}
      testId="remove-environment-dialog"
    >
      <p>
        {environment.name} disappears from the overview, the monitor and every list, and its notification subscriptions
        are dropped; nobody can act on it any more. Its database is not touched.
      </p>
      <p className="text-muted">
        Its actions, audit events and activity stay readable under its name, and the name becomes free again. Refused
        while an action is queued, awaiting approval or running on it.
      </p>
    </ConfirmByTypingDialog>
  );
}

const MOVES = {
  up: { arrow: "↑", title: "before the previous environment" },
  down: { arrow: "↓", title: "after the next environment" },
} as const;

/**
 * First and last have no move up / down at all (a disabled arrow would need a reason): a blank of the same size
 * keeps the buttons aligned. While a move saves, the list says so (savingNoteId).
 */
function MoveButton({
  direction,
  name,
  available,
  moving,
  savingNoteId,
  onMove,
}: {
  direction: keyof typeof MOVES;
  name: string;
  available: boolean;
  moving: boolean;
  savingNoteId: string;
  onMove: () => void;
}) {
  const { arrow, title } = MOVES[direction];
  if (!available)
    return (
      <span aria-hidden="true" className={`${buttonClass("ghost", "sm")} invisible`}>
        {arrow}
      </span>
    );
  return (
    <button
      type="button"
      className={buttonClass("ghost", "sm")}
      disabled={moving}
      aria-describedby={moving ? savingNoteId : undefined}
      onClick={onMove}
      aria-label={`Move ${name} ${direction}`}
      title={`Move ${name} ${title}`}
    >
      <span aria-hidden="true">{arrow}</span>
    </button>
  );
}

function EnvironmentItem({
  environment,
  index,
  count,
  moving,
  savingNoteId,
  onMove,
}: {
  environment: EnvironmentView;
  index: number;
  count: number;
  moving: boolean;
  savingNoteId: string;
  onMove: (from: number, to: number) => void;
}) {
  const [dialog, setDialog] = useState<"edit" | "remove" | null>(null);
  const env = environment;
  return (
    <li
      className="flex flex-wrap items-start gap-x-4 gap-y-2 px-3 py-3"
      data-testid="environment-row"
      data-environment-name={env.name}
    >
      <div className="min-w-0 flex-1 basis-60 space-y-1">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          <span className="text-xs tabular-nums text-muted" title="Position: the overview's column order">
            {index + 1}.
          </span>
          <Link href={paths.environment(env.id)} className={`${linkClass} break-all`}>
            {env.name}
          </Link>
          {env.isProtected ? <ProtectedMarker /> : null}
        </p>
        <p className="font-mono text-xs break-all text-muted" title="The database, without its password">
          {env.urlDisplay}
        </p>
        <p className="text-xs text-muted">
          Schema <span className="font-mono break-all">{env.schema}</span> · timeouts{" "}
          <span className="tabular-nums">
            {formatDuration(env.connectTimeoutMs)} connect / {formatDuration(env.statementTimeoutMs)} statement
          </span>
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-1.5">
        <MoveButton
          direction="up"
          name={env.name}
          available={index > 0}
          moving={moving}
          savingNoteId={savingNoteId}
          onMove={() => onMove(index, index - 1)}
        />
        <MoveButton
          direction="down"
          name={env.name}
          available={index < count - 1}
          moving={moving}
          savingNoteId={savingNoteId}
          onMove={() => onMove(index, index + 1)}
        />
        <button type="button" className={buttonClass("secondary", "sm")} onClick={() => setDialog("edit")}>
          Edit<span className="sr-only"> {env.name}</span>
        </button>
        <button type="button" className={buttonClass("ghost", "sm")} onClick={() => setDialog("remove")}>
          Remove…<span className="sr-only"> {env.name}</span>
        </button>
      </div>
      {dialog === "edit" ? <EditEnvironmentDialog environment={env} onClose={() => setDialog(null)} /> : null}
      {dialog === "remove" ? <RemoveEnvironmentDialog environment={env} onClose={() => setDialog(null)} /> : null}
    </li>
  );
}

function EnvironmentList({ project, environments }: { project: ProjectView; environments: EnvironmentView[] }) {
  const reorder = useReorderEnvironments();
  const savingNoteId = `reorder-saving-${project.id}`;
  if (environments.length === 0) return <p className="text-sm text-muted">No environments yet.</p>;

  function move(from: number, to: number) {
    const ids = environments.map((env) => env.id);
    [ids[from], ids[to]] = [ids[to], ids[from]];
    reorder.mutate({ projectId: project.id, environmentIds: ids });
  }

  return (
    <div className="space-y-2">
      <ol
        aria-label={`Environments of ${project.name}, in deploy order`}
        className="divide-y divide-border rounded-lg border border-border bg-surface"
      >
        {environments.map((env, index) => (
          <EnvironmentItem
            key={env.id}
            environment={env}
            index={index}
            count={environments.length}
            moving={reorder.isPending}
            savingNoteId={savingNoteId}
            onMove={move}
          />
        ))}
      </ol>
      <p id={savingNoteId} role="status" className="text-xs text-muted">
        {reorder.isPending ? "Saving the new order…" : ""}
      </p>
      <FormError error={reorder.error} title="The order was not changed" />
    </div>
  );
}

export function EnvironmentsPanel() {
  const environments = useEnvironments();
  const projects = useProjects();
  const projectList = projects.data ?? [];

  return (
    <section aria-labelledby="environments-heading" className="space-y-4">
      <h2 id="environments-heading" className="text-xl font-semibold">
        Environments
      </h2>

      {environments.isPending || projects.isPending ? (
        <p role="status" className="text-sm text-muted">
          Loading environments…
        </p>
      ) : environments.isError || projects.isError ? (
        <QueryError
          error={environments.error ?? projects.error}
          what="the environments"
          onRetry={() => {
            void environments.refetch();
            void projects.refetch();
          }}
        />
      ) : projectList.length === 0 ? (
        <p className="text-sm text-muted">Register a project first; environments belong to a project.</p>
      ) : (
        projectList.map((project) => {
          const own = environments.data
            .filter((env) => env.projectId === project.id)
            .sort((a, b) => a.position - b.position);
          return (
            <div key={project.id} className="space-y-2">
              <h3 className="text-base font-semibold break-words">{project.name}</h3>
              <EnvironmentList project={project} environments={own} />
            </div>
          );
        })
      )}

      {projectList.length > 0 ? <NewEnvironmentForm projects={projectList} /> : null}
    </section>
  );
}
