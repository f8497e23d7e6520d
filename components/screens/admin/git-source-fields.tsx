"use client";
// The fields of a git migrations source: repository, branch or tag, credentials and fetch interval. Controlled,
// so the new-project form and (later) the project edit form share them; `toGitSourceInput` turns the values into
// the contract's input (lib/api/git-source-schemas.ts), which validates them the same way the route does.
import type { GitCredentialKind } from "@/lib/api/sources";
import type { GitSourceInput } from "@/lib/api/git-source-schemas";
import { describedBy, Field } from "../../form-controls";
import { SecretInput } from "../../secret-input";
import { inputClass } from "../../ui";

export interface GitSourceFieldsValue {
  repository: string;
  ref: string;
  /** "keep": leave the stored credentials as they are (editing only). */
  credentialKind: GitCredentialKind | "keep";
  username: string;
  token: string;
  privateKey: string;
  /** Seconds, as typed; empty: the server's default. */
  intervalSeconds: string;
}

export const EMPTY_GIT_SOURCE: GitSourceFieldsValue = {
  repository: "",
  ref: "main",
  credentialKind: "none",
  username: "",
  token: "",
  privateKey: "",
  intervalSeconds: "",
};

/** The input of the contract; credentials undefined when kept (editing), null when none. */
export function toGitSourceInput(value: GitSourceFieldsValue): GitSourceInput {
  const credentials =
    value.credentialKind === "keep"
      ? undefined
      : value.credentialKind === "https"
        ? { kind: "https" as const, username: value.username.trim() || undefined, token: value.token }
        : value.credentialKind === "ssh"
          ? { kind: "ssh" as const, privateKey: value.privateKey }
          : null;
  return {
    kind: "git",
    repository: value.repository.trim(),
    ref: value.ref.trim(),
    credentials,
    ...(value.intervalSeconds.trim() ? { intervalSeconds: Number(value.intervalSeconds) } : {}),
  };
}

interface GitSourceFieldsProps {
  id: string;
  value: GitSourceFieldsValue;
  onChange(value: GitSourceFieldsValue): void;
  /** Editing a source that has credentials: offer to keep them (they are never shown). */
  storedCredentialKind?: GitCredentialKind;
  disabled?: boolean;
}

const CREDENTIAL_LABELS: Record<GitCredentialKind, string> = {
  none: "None (public, or a path on the server)",
  https: "HTTPS token or password",
  ssh: "SSH deploy key",
};

export function GitSourceFields({ id, value, onChange, storedCredentialKind, disabled }: GitSourceFieldsProps) {
  const set = (patch: Partial<GitSourceFieldsValue>) => onChange({ ...value, ...patch });
  const kinds: Array<GitCredentialKind | "keep"> = [
    ...(storedCredentialKind && storedCredentialKind !== "none" ? (["keep"] as const) : []),
    "none",
    "https",
    "ssh",
  ];
  return (
    <div className="space-y-4" data-testid="git-source-fields">
      <Field
        id={`${id}-repository`}
        label="Repository"
        required
        hint="https://github.com/org/app.git, git@github.com:org/app.git (needs git on the server), or the absolute path of a repository on the Runway server. Never put credentials in the URL."
      >
        <input
          id={`${id}-repository`}
          value={value.repository}
          onChange={(e) => set({ repository: e.target.value })}
          required
          disabled={disabled}
          spellCheck={false}
          autoComplete="off"
          placeholder="https://github.com/org/app.git"
          className={`${inputClass} font-mono`}
          aria-describedby={describedBy(`${id}-repository`, true, false)}
        />
      </Field>
      <Field
        id={`${id}-ref`}
        label="Branch or tag"
        required
        hint="Each new commit on a branch that changes the migrations becomes a release; a tag is one release each time it moves."
      >
        <input
          id={`${id}-ref`}
          value={value.ref}
          onChange={(e) => set({ ref: e.target.value })}
          required
          disabled={disabled}
          spellCheck={false}
          className={`${inputClass} font-mono`}
          aria-describedby={describedBy(`${id}-ref`, true, false)}
        />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Credentials</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          {kinds.map((kind) => (
            <label key={kind} className="flex items-center gap-2">
              <input
                type="radio"
                name={`${id}-credentials`}
                checked={value.credentialKind === kind}
                disabled={disabled}
                onChange={() => set({ credentialKind: kind })}
              />
              {kind === "keep"
                ? `Keep the stored ${storedCredentialKind === "ssh" ? "deploy key" : "token"}`
                : CREDENTIAL_LABELS[kind]}
            </label>
          ))}
        </div>
        <p className="text-xs text-muted">
          Encrypted on the server and never shown again: use a read-only token (a GitHub fine-grained token with
          Contents: read, a GitLab deploy token) or a read-only deploy key without a passphrase.
        </p>
      </fieldset>
      {value.credentialKind === "https" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id={`${id}-username`}
            label="Username (optional)"
            hint="GitHub and GitLab accept any name with a token; a GitLab deploy token needs its own."
          >
            <input
              id={`${id}-username`}
              value={value.username}
              onChange={(e) => set({ username: e.target.value })}
              disabled={disabled}
              autoComplete="off"
              spellCheck={false}
              className={inputClass}
              aria-describedby={describedBy(`${id}-username`, true, false)}
            />
          </Field>
          <Field id={`${id}-token`} label="Token or password" required>
            <SecretInput
              id={`${id}-token`}
              revealLabel="token"
              value={value.token}
              onChange={(e) => set({ token: e.target.value })}
              disabled={disabled}
              required
            />
          </Field>
        </div>
      ) : null}
      {value.credentialKind === "ssh" ? (
        <Field
          id={`${id}-key`}
          label="Deploy key (private key)"
          required
          hint="The private half of a deploy key added to the repository with read access. Its host key is trusted on first use."
        >
          <textarea
            id={`${id}-key`}
            value={value.privateKey}
            onChange={(e) => set({ privateKey: e.target.value })}
            disabled={disabled}
            required
            rows={4}
            spellCheck={false}
            autoComplete="off"
            placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
            className={`${inputClass} font-mono text-xs`}
            aria-describedby={describedBy(`${id}-key`, true, false)}
          />
        </Field>
      ) : null}
      <Field
        id={`${id}-interval`}
        label="Fetch every (seconds, optional)"
        hint="Between 10 and 86400; empty: the server's default (RUNWAY_GIT_FETCH_INTERVAL_S, 60 s). A push webhook fetches at once."
      >
        <input
          id={`${id}-interval`}
          type="number"
          min={10}
          max={86400}
          inputMode="numeric"
          value={value.intervalSeconds}
          onChange={(e) => set({ intervalSeconds: e.target.value })}
          disabled={disabled}
          className={`${inputClass} sm:max-w-40`}
          aria-describedby={describedBy(`${id}-interval`, true, false)}
        />
      </Field>
    </div>
  );
}
