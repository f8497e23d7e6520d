"use client";
// A project's promotion path (dev → staging → prod, the environments' order) with the release each is at, and —
// on an environment's page — what the one before it has: "staging has release #4, prod is at #3". Admins can
// turn enforcement on (until the project edit form has the setting).
import Link from "next/link";
import { useId } from "react";
import type { PromotionStepView } from "@/lib/releases/views";
import { previousStep } from "@/lib/releases/promotion-steps";
import { describeError } from "@/lib/client/fetch-json";
import { paths } from "@/lib/client/paths";
import { usePromotion, useSetEnforcePromotion } from "@/lib/client/release-hooks";
import { cardClass, linkClass } from "./ui";

function describeAt(step: PromotionStepView): string {
  if (!step.reachable) return "could not be read";
  return step.at ? `release #${step.at.number}` : "no release yet";
}

/** "staging has release #4, prod is at #3" (null for the first environment). */
export function describePromotionGap(previous: PromotionStepView | null, self: PromotionStepView): string | null {
  if (!previous) return null;
  const has = !previous.reachable
    ? "could not be read"
    : previous.at
      ? `has release #${previous.at.number}`
      : "has no release yet";
  const is = !self.reachable ? "could not be read" : self.at ? `is at #${self.at.number}` : "has none yet";
  return `${previous.name} ${has}, ${self.name} ${is}`;
}

/** On an overview card: what the environment before this one has. */
export function PreviousStepNote({ previous }: { previous: PromotionStepView | null | undefined }) {
  if (!previous) return null;
  return (
    <>
      <dt className="text-muted">Before it</dt>
      <dd data-testid="card-promotion">
        {previous.name} {previous.reachable ? `has ${describeAt(previous)}` : "could not be read"}
      </dd>
    </>
  );
}

export function PromotionPath({ projectId, environmentId }: { projectId: string; environmentId?: string }) {
  const promotion = usePromotion(projectId);
  const steps = promotion.data?.steps ?? [];
  // One environment has no path to show.
  if (steps.length < 2) return null;
  const self = environmentId ? steps.find((s) => s.environmentId === environmentId) : undefined;
  const gap = self ? describePromotionGap(previousStep(steps, self.environmentId), self) : null;
  return (
    <section
      aria-label="Promotion order"
      data-testid="promotion-path"
      className={`${cardClass} space-y-1 px-4 py-3 text-sm`}
    >
      <p className="flex flex-wrap items-center gap-x-1.5 gap-y-1">
        <span className="font-medium">Promotion order{promotion.data?.enforcePromotion ? " (enforced)" : ""}:</span>
        {steps.map((step, index) => (
          <span
            key={step.environmentId}
            className="inline-flex items-center gap-1.5"
            data-testid={`promotion-step-${step.name}`}
          >
            {index > 0 ? <span aria-hidden="true">→</span> : null}
            {step.environmentId === environmentId ? (
              <strong aria-current="page">{step.name}</strong>
            ) : (
              <Link href={paths.environment(step.environmentId)} className={linkClass}>
                {step.name}
              </Link>
            )}
            <span className="text-muted">({describeAt(step)})</span>
          </span>
        ))}
      </p>
      {gap ? (
        <p data-testid="promotion-gap">
          {gap}.{promotion.data?.enforcePromotion ? " It deploys only releases the environment before it has." : null}
        </p>
      ) : null}
    </section>
  );
}

/** Admins: enforce the order (an environment deploys only releases the one before it has). */
export function PromotionToggle({ projectId }: { projectId: string }) {
  const promotion = usePromotion(projectId);
  const update = useSetEnforcePromotion(projectId);
  const id = useId();
  if (!promotion.data) return null;
  return (
    <div className="space-y-1 text-sm">
      <label htmlFor={id} className="inline-flex items-center gap-2 font-medium">
        <input
          id={id}
          type="checkbox"
          data-testid="enforce-promotion"
          checked={promotion.data.enforcePromotion}
          disabled={update.isPending}
          onChange={(event) => update.mutate({ enforcePromotion: event.target.checked })}
          aria-describedby={`${id}-hint`}
        />
        Enforce the promotion order
      </label>
      <p id={`${id}-hint`} className="text-xs text-muted">
        An environment then deploys only releases the environment before it is at or past (the first one is free).
        Changes are audited.
      </p>
      {update.error ? (
        <p role="alert" className="text-xs font-medium text-red-700 dark:text-red-400">
          {describeError(update.error)}
        </p>
      ) : null}
    </div>
  );
}
