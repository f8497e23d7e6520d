"use client";
// The deploy dialog's release section: pick the release to apply (default: the newest), each option saying what
// it would do on this environment — the migrations it would run, the applied ones it edits, and whether the
// promotion order lets it through. Also what a refusal about releases means: the environment that must go first
// (promotion_order), or a release that changed under the request (stale_release: the list is read again).
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import type { PreflightView } from "@/lib/api/responses";
import type { ReleaseOptionView } from "@/lib/releases/views";
import { ApiError } from "@/lib/client/fetch-json";
import { pluralize } from "@/lib/client/format";
import { paths } from "@/lib/client/paths";
import { useReleaseOptions } from "@/lib/client/release-hooks";
import { Banner } from "../banner";
import { buttonClass, linkClass } from "../ui";

/** Options shown before "Show all": the newest few cover almost every deploy. */
const FOLDED_COUNT = 4;

function NameSummary({ names }: { names: string[] }) {
  return (
    <span className="font-mono text-xs break-all">
      {names.slice(0, 3).join(", ")}
      {names.length > 3 ? ` and ${names.length - 3} more` : ""}
    </span>
  );
}

function ReleaseOption({
  option,
  name,
  checked,
  disabled,
  onPick,
}: {
  option: ReleaseOptionView;
  name: string;
  checked: boolean;
  disabled: boolean;
  onPick: () => void;
}) {
  const id = useId();
  return (
    <li
      data-testid={`release-option-${option.number}`}
      data-checked={checked ? "true" : undefined}
      className={`rounded-md border px-3 py-2 text-sm ${checked ? "border-blue-500 bg-subtle" : "border-border"}`}
    >
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="radio"
          name={name}
          value={option.number}
          checked={checked}
          disabled={disabled}
          onChange={onPick}
          aria-describedby={`${id}-what`}
          className="mt-1"
        />
        <div className="min-w-0 flex-1 space-y-0.5">
          <label htmlFor={id} className="font-medium">
            Release #{option.number}
            {option.label !== `#${option.number}` ? <span className="font-mono"> {option.label}</span> : null}
            {option.isNewest ? <span className="text-muted"> · newest</span> : null}
            {option.isCurrent ? <span className="text-muted"> · this environment is at it</span> : null}
          </label>
          {option.commit.message ? <p className="truncate text-xs text-muted">{option.commit.message}</p> : null}
          <div id={`${id}-what`} className="space-y-0.5 text-xs">
            <p>
              {option.wouldApply.length > 0 ? (
                <>
                  Would apply {pluralize(option.wouldApply.length, "migration")}:{" "}
                  <NameSummary names={option.wouldApply} />
                </>
              ) : (
                <span className="text-muted">Would apply nothing here.</span>
              )}
            </p>
            {option.edited.length > 0 ? (
              <p className="text-violet-900 dark:text-violet-200">
                Edits {pluralize(option.edited.length, "applied migration")} (they would read modified; not re-run):{" "}
                <NameSummary names={option.edited} />
              </p>
            ) : null}
            {option.notInRelease.length > 0 ? (
              <p className="text-amber-900 dark:text-amber-200">
                Lacks {pluralize(option.notInRelease.length, "migration")} applied here:{" "}
                <NameSummary names={option.notInRelease} />
              </p>
            ) : null}
            {option.promotion ? (
              <p data-testid="release-option-promotion" className="font-medium text-red-800 dark:text-red-300">
                <span aria-hidden="true">⛔ </span>
                {option.promotion.mustDeployFirst.environmentName} must be at release #{option.number} first (promotion
                order).
              </p>
            ) : null}
          </div>
        </div>
      </div>
    </li>
  );
}

interface DeployReleaseSectionProps {
  environmentId: string;
  /** The preflight shown: the release it previews (the server's default is the newest). */
  preflight: PreflightView | undefined;
  /** The release picked (null: the server's default, the newest). */
  picked: number | null;
  onPick: (release: { number: number; checksum: string }) => void;
  /** The request's refusal, if any (stale_release re-reads the list). */
  requestError: unknown;
  disabled: boolean;
}

export function DeployReleaseSection({
  environmentId,
  preflight,
  picked,
  onPick,
  requestError,
  disabled,
}: DeployReleaseSectionProps) {
  const options = useReleaseOptions(environmentId, true);
  const [showAll, setShowAll] = useState(false);
  const name = useId();
  const staleRelease = requestError instanceof ApiError && requestError.code === "stale_release";
  const { refetch } = options;
  useEffect(() => {
    if (staleRelease) void refetch();
  }, [staleRelease, refetch]);

  const list = options.data?.releases ?? [];
  const selected = picked ?? preflight?.release?.number ?? list.find((r) => r.isNewest)?.number ?? null;
  const visible = showAll
    ? list
    : list.filter((r, index) => index < FOLDED_COUNT || r.number === selected || r.isCurrent);
  const refusal = preflight?.refusal;

  return (
    <div className="space-y-3" data-testid="deploy-release">
      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Release to deploy</legend>
        {options.isPending ? (
          <p role="status" className="text-sm text-muted">
            Reading what each release would apply here…
          </p>
        ) : !options.data ? (
          <p className="text-sm text-muted">
            The list of releases could not be read; the newest release is deployed.
            {preflight?.release ? ` (release #${preflight.release.number})` : ""}
          </p>
        ) : list.length === 0 ? (
          <p className="text-sm text-muted">This project has no release yet: the migrations source is deployed.</p>
        ) : (
          <>
            <ul className="space-y-1.5" aria-busy={options.isFetching}>
              {visible.map((option) => (
                <ReleaseOption
                  key={option.number}
                  option={option}
                  name={name}
                  checked={option.number === selected}
                  disabled={disabled}
                  onPick={() => onPick({ number: option.number, checksum: option.checksum })}
                />
              ))}
            </ul>
            {list.length > visible.length || (showAll && list.length > FOLDED_COUNT) ? (
              <button type="button" className={buttonClass("ghost", "sm")} onClick={() => setShowAll((v) => !v)}>
                {showAll ? "Show fewer releases" : `Show all ${list.length} releases`}
              </button>
            ) : null}
            {options.data.enforcePromotion && options.data.previous ? (
              <p className="text-xs text-muted">
                Promotion order is enforced: this environment deploys releases{" "}
                <strong>{options.data.previous.name}</strong> has (it is at{" "}
                {options.data.previous.at ? `release #${options.data.previous.at}` : "no release yet"}).
              </p>
            ) : null}
          </>
        )}
      </fieldset>

      {refusal?.code === "promotion_order" && refusal.mustDeployFirst ? (
        <p data-testid="promotion-first" className="text-sm">
          <Link href={paths.environment(refusal.mustDeployFirst.environmentId)} className={linkClass}>
            Open {refusal.mustDeployFirst.environmentName}
          </Link>{" "}
          to deploy release #{preflight?.release?.number} there first, or pick a release it already has.
        </p>
      ) : null}

      {staleRelease ? (
        <Banner tone="warning" testId="stale-release" title="The release changed since you picked it">
          <p>Nothing was run. The list above is read again: pick the release again, then reload the preflight.</p>
        </Banner>
      ) : null}
    </div>
  );
}
