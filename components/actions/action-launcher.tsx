"use client";
// Where actions start: one dialog per screen, opened by the buttons below wherever they sit (blocked banner,
// timeline, header, migration page, Actions list). The dialog lives here, above those places, so it keeps following
// an action after the button that opened it disappears (the banner goes away once the environment is unblocked).
import { createContext, useCallback, useContext, useId, useMemo, useState, type ReactNode } from "react";
import type { ActionKind } from "@/lib/actions/views";
import { RESOLVE_KINDS } from "@/lib/api/actions";
import type { Role } from "@/lib/environments/views";
import { ACTION_KIND_META, canOperate } from "@/lib/client/actions";
import { buttonClass } from "../ui";
import { ActionDialog, type ActionDialogState, type ActionRecommendation } from "./action-dialog";

export type { ActionRecommendation };

interface ActionLauncher {
  environmentId: string;
  /** Operators and admins; viewers see no action buttons. */
  canAct: boolean;
  request: (
    kind: ActionKind,
    migration: string | null,
    pendingCount?: number,
    recommendation?: ActionRecommendation,
  ) => void;
  follow: (actionId: string, kind?: ActionKind, migration?: string | null) => void;
}

const LauncherContext = createContext<ActionLauncher | null>(null);

/** Null outside an ActionLauncherProvider (buttons then render nothing). */
export function useActionLauncher(): ActionLauncher | null {
  return useContext(LauncherContext);
}

interface ActionLauncherProviderProps {
  environmentId: string;
  role: Role;
  children: ReactNode;
}

export function ActionLauncherProvider({ environmentId, role, children }: ActionLauncherProviderProps) {
  const [dialog, setDialog] = useState<ActionDialogState | null>(null);
  const canAct = canOperate(role);

  const request = useCallback<ActionLauncher["request"]>(
    (kind, migration, pendingCount, recommendation) =>
      setDialog({ mode: "request", kind, migration, pendingCount, recommendation }),
    [],
  );
  const follow = useCallback<ActionLauncher["follow"]>(
    (actionId, kind, migration) => setDialog({ mode: "follow", actionId, kind, migration: migration ?? null }),
    [],
  );
  const close = useCallback(() => setDialog(null), []);
  const value = useMemo(() => ({ environmentId, canAct, request, follow }), [environmentId, canAct, request, follow]);

  return (
    <LauncherContext.Provider value={value}>
      {children}
      {dialog ? (
        <ActionDialog
          environmentId={environmentId}
          state={dialog}
          onAccepted={(actionId) =>
            setDialog((current) =>
              current?.mode === "request"
                ? { mode: "follow", actionId, kind: current.kind, migration: current.migration }
                : { mode: "follow", actionId },
            )
          }
          onSwitchKind={(kind) =>
            setDialog((current) => (current?.mode === "request" ? { ...current, kind } : current))
          }
          onClose={close}
        />
      ) : null}
    </LauncherContext.Provider>
  );
}

interface ResolveButtonsProps {
  migration: string;
  size?: "sm" | "md";
  /**
   * The failure analysis' advice: the recommended kind's button becomes primary and says "(recommended)", and
   * both open the dialog with the note (the operator can still choose the other, or cancel).
   */
  recommendation?: ActionRecommendation;
  /** Prefix of the buttons' test ids (default "action-button"), when a page shows two sets. */
  testIdPrefix?: string;
}

/** "Mark rolled back…" and "Mark applied…" for one failed migration. */
export function ResolveButtons({
  migration,
  size = "sm",
  recommendation,
  testIdPrefix = "action-button",
}: ResolveButtonsProps) {
  const launcher = useActionLauncher();
  if (!launcher?.canAct) return null;
  return (
    <span className="inline-flex flex-wrap gap-2">
      {RESOLVE_KINDS.map((kind) => {
        // Without advice, rolled back is the runbook's usual first step.
        const primary = recommendation ? recommendation.kind === kind : kind === "resolve_rolled_back";
        const recommended = Boolean(recommendation) && recommendation?.kind === kind;
        return (
          <button
            key={kind}
            type="button"
            data-testid={`${testIdPrefix}-${kind === "resolve_rolled_back" ? "rolled-back" : "applied"}`}
            data-recommended={recommended ? "true" : undefined}
            className={buttonClass(primary ? "primary" : "secondary", size)}
            onClick={() => launcher.request(kind, migration, undefined, recommendation)}
          >
            {ACTION_KIND_META[kind].button}
            {recommended ? " (recommended)" : null}
            <span className="sr-only"> {migration}</span>
          </button>
        );
      })}
    </span>
  );
}

/**
 * "Deploy N pending…": only when something is pending and nothing blocks the deploy. `caution`: why it is not the
 * next step (shown beside it and read as its description); it stays usable — the preflight's dry run refuses a
 * deploy that would fail anyway, and the operator may know better.
 */
export function DeployButton({
  pendingCount,
  blocked,
  caution,
}: {
  pendingCount: number;
  blocked: boolean;
  caution?: string | null;
}) {
  const launcher = useActionLauncher();
  const cautionId = useId();
  if (!launcher?.canAct || pendingCount <= 0 || blocked) return null;
  const button = (
    <button
      type="button"
      data-testid="action-button-deploy"
      aria-describedby={caution ? cautionId : undefined}
      className={buttonClass(caution ? "secondary" : "primary", "sm")}
      onClick={() => launcher.request("deploy", null, pendingCount)}
    >
      Deploy {pendingCount} pending…
    </button>
  );
  if (!caution) return button;
  return (
    <span className="inline-flex max-w-md flex-wrap items-center gap-2">
      {button}
      <span id={cautionId} data-testid="deploy-caution" className="text-xs text-amber-900 dark:text-amber-200">
        {caution}
      </span>
    </span>
  );
}
