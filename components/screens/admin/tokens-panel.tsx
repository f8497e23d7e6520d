"use client";
// API tokens for scripts and CI (`Authorization: Bearer rw_…`). Each has a role and an optional expiry; the clear
// token is shown once, right after it is created (Runway keeps only its hash), and can be revoked at any time.
import { useId, useState, type FormEvent } from "react";
import type { TokenRole } from "@/lib/api/roles";
import { createTokenBody, firstIssueMessage } from "@/lib/api/schemas";
import type { ApiTokenView, CreatedTokenView } from "@/lib/api/responses";
import { useCreateToken, useProjects, useRevokeToken, useTokens } from "@/lib/client/hooks";
import { Banner } from "../../banner";
import { CopyButton } from "../../copy-button";
import { ExactTime } from "../../exact-time";
import { Field, FormError, FormSection } from "../../form-controls";
import { QueryError } from "../../query-error";
import { buttonClass, inputClass } from "../../ui";
import { ROLES } from "./roles";

/** `YYYY-MM-DD` from a date input → the end of that day, local time, as ISO (what the route expects). */
function endOfDayIso(date: string): string | null {
  const parsed = new Date(`${date}T23:59:59`);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

function todayInput(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function tokenState(token: ApiTokenView): "revoked" | "expired" | "active" {
  if (token.revoked) return "revoked";
  if (token.expiresAt && Date.parse(token.expiresAt) <= Date.now()) return "expired";
  return "active";
}

function TokenRow({ token }: { token: ApiTokenView }) {
  const revoke = useRevokeToken();
  const [confirming, setConfirming] = useState(false);
  const state = tokenState(token);
  return (
    <tr
      data-testid="token-row"
      data-token-id={token.id}
      data-state={state}
      className={state === "active" ? undefined : "text-muted"}
    >
      <th scope="row" className="px-3 py-2 text-left font-medium break-all">
        {token.name}
        {/* On a phone the other columns are hidden: their essentials here. */}
        <span className="block text-xs font-normal text-muted capitalize sm:hidden">
          {token.role} · {state} · expires <ExactTime iso={token.expiresAt} fallback="never" />
        </span>
      </th>
      <td className="hidden px-3 py-2 capitalize sm:table-cell">{token.role}</td>
      <td className="hidden px-3 py-2 text-xs md:table-cell">
        <ExactTime iso={token.createdAt} />
      </td>
      <td className="hidden px-3 py-2 text-xs sm:table-cell">
        <ExactTime iso={token.expiresAt} fallback="never" />
      </td>
      <td className="hidden px-3 py-2 text-xs md:table-cell">
        <ExactTime iso={token.lastUsedAt} fallback="never" />
      </td>
      <td className="hidden px-3 py-2 text-sm sm:table-cell" data-testid="token-state">
        {state === "revoked" ? "Revoked" : state === "expired" ? "Expired" : "Active"}
      </td>
      <td className="px-3 py-2 text-right">
        {token.revoked ? null : confirming ? (
          <span className="inline-flex flex-wrap justify-end gap-1.5">
            <button
              type="button"
              data-testid="token-revoke-confirm"
              disabled={revoke.isPending}
              className={buttonClass("danger", "sm")}
              onClick={() => revoke.mutate(token.id, { onSuccess: () => setConfirming(false) })}
            >
              {revoke.isPending ? "Revoking…" : "Revoke now"}
              <span className="sr-only"> {token.name}</span>
            </button>
            <button
              type="button"
              disabled={revoke.isPending}
              className={buttonClass("secondary", "sm")}
              onClick={() => setConfirming(false)}
            >
              {revoke.isPending ? "Revoking…" : "Keep"}
            </button>
          </span>
        ) : (
          <button
            type="button"
            data-testid="token-revoke"
            className={buttonClass("secondary", "sm")}
            onClick={() => setConfirming(true)}
          >
            Revoke<span className="sr-only"> {token.name}</span>
          </button>
        )}
        {revoke.error ? (
          <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
            {revoke.error.message}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

function CreatedToken({ created, onDone }: { created: CreatedTokenView; onDone: () => void }) {
  return (
    <Banner tone="success" testId="token-created" title={`Token “${created.name}” created`}>
      <p className="font-semibold">Copy it now: it will not be shown again. Runway stores only its hash.</p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          data-testid="token-value"
          className="min-w-0 flex-1 rounded-md border border-border bg-surface px-3 py-2 font-mono text-xs break-all text-foreground select-all"
        >
          {created.token}
        </code>
        <CopyButton value={created.token} label="the API token" testId="token-copy" />
      </div>
      <p>
        Use it as <code className="font-mono text-xs">Authorization: Bearer …</code>. It acts with the {created.role}{" "}
        role
        {created.expiresAt ? (
          <>
            {" "}
            until <ExactTime iso={created.expiresAt} />
          </>
        ) : null}
        .
      </p>
      <button type="button" className={buttonClass("secondary", "sm")} onClick={onDone}>
        I have copied it
      </button>
    </Banner>
  );
}

function NewTokenForm() {
  const id = useId();
  const create = useCreateToken();
  const [name, setName] = useState("");
  const [role, setRole] = useState<TokenRole>("viewer");
  const [projectIds, setProjectIds] = useState<string[]>([]);
  const projects = useProjects();
  const [expires, setExpires] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedTokenView | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setLocalError(null);
    const expiresAt = expires ? endOfDayIso(expires) : null;
    if (expires && !expiresAt) return setLocalError("The expiry date is not a valid date.");
    const input = createTokenBody.safeParse({
      name,
      role,
      expiresAt,
      projectIds: role === "release" ? projectIds : undefined,
    });
    if (!input.success) return setLocalError(firstIssueMessage(input.error));
    create.mutate(input.data, {
      onSuccess: (token) => {
        setCreated(token);
        setName("");
        setRole("viewer");
        setProjectIds([]);
        setExpires("");
      },
    });
  }

  return (
    <div className="space-y-4">
      {created ? <CreatedToken created={created} onDone={() => setCreated(null)} /> : null}
      <form onSubmit={handleSubmit} aria-label="New API token" autoComplete="off" data-testid="new-token-form">
        <FormSection
          title="New API token"
          description="For scripts and CI. Give it the smallest role that does the job."
        >
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id={`${id}-name`} label="Name" required>
              <input
                id={`${id}-name`}
                value={name}
                maxLength={100}
                onChange={(e) => setName(e.target.value)}
                required
                className={inputClass}
              />
            </Field>
            <Field id={`${id}-role`} label="Role" required>
              <select
                id={`${id}-role`}
                value={role}
                onChange={(e) => setRole(e.target.value as TokenRole)}
                className={inputClass}
              >
                {ROLES.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label} — {option.hint}
                  </option>
                ))}
                <option value="release">Release — only pushes releases of the projects below (CI)</option>
              </select>
            </Field>
            <Field
              id={`${id}-expires`}
              label="Expires on"
              hint="Optional; the end of that day, your local time. Empty: never."
            >
              <input
                id={`${id}-expires`}
                type="date"
                value={expires}
                min={todayInput()}
                onChange={(e) => setExpires(e.target.value)}
                aria-describedby={`${id}-expires-hint`}
                className={inputClass}
              />
            </Field>
          </div>
          {role === "release" ? (
            <fieldset className="space-y-1 text-sm" data-testid="token-projects">
              <legend className="font-medium">Projects it may push releases of</legend>
              {(projects.data ?? []).map((project) => (
                <label key={project.id} className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={projectIds.includes(project.id)}
                    onChange={(e) =>
                      setProjectIds((ids) =>
                        e.target.checked ? [...ids, project.id] : ids.filter((x) => x !== project.id),
                      )
                    }
                  />
                  {project.name}
                </label>
              ))}
            </fieldset>
          ) : null}
          {localError ? (
            <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
              {localError}
            </p>
          ) : null}
          <FormError error={create.error} title="The token was not created" />
          <button type="submit" disabled={create.isPending} className={buttonClass("primary")}>
            {create.isPending ? "Creating…" : "Create token"}
          </button>
        </FormSection>
      </form>
    </div>
  );
}

export function TokensPanel() {
  const tokens = useTokens();
  return (
    <section aria-labelledby="tokens-heading" className="space-y-4">
      <h2 id="tokens-heading" className="text-xl font-semibold">
        API tokens
      </h2>
      {tokens.isPending ? (
        <p role="status" className="text-sm text-muted">
          Loading tokens…
        </p>
      ) : tokens.isError ? (
        <QueryError error={tokens.error} what="the API tokens" onRetry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <p className="text-sm text-muted">No API tokens yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-surface">
          <table className="w-full text-left text-sm" data-testid="tokens-table">
            <caption className="sr-only">API tokens</caption>
            <thead className="bg-subtle text-xs">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Name
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Role
                </th>
                <th scope="col" className="hidden px-3 py-2 md:table-cell">
                  Created
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Expires
                </th>
                <th scope="col" className="hidden px-3 py-2 md:table-cell">
                  Last used
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Status
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {tokens.data.map((token) => (
                <TokenRow key={token.id} token={token} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewTokenForm />
    </section>
  );
}
