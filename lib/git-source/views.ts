// The JSON contract of git sources (types only: safe in client components). No credential or webhook secret
// ever appears here, except in GitWebhookSecretView, answered once when the secret is made.
import type { GitCredentialKind } from "../api/sources";

export interface GitLastFetchView {
  at: string;
  durationMs: number | null;
  /** null: the fetch succeeded. */
  error: string | null;
}

export interface GitSourceView {
  /** The URL (never with credentials) or the path on the server. */
  repository: string;
  transport: "https" | "http" | "ssh" | "local";
  /** In full: refs/heads/main, refs/tags/v1.2. */
  ref: string;
  refName: string;
  refKind: "branch" | "tag";
  /** The migrations folder inside the repository (the project's repoMigrationsPath). */
  path: string;
  /** How Runway authenticates: none, an https token, an ssh deploy key (never the credentials). */
  authMethod: GitCredentialKind;
  intervalSeconds: number;
  /** Where push hooks post (relative to the dashboard's URL). */
  webhookPath: string;
  /** When the webhook secret was made (created, or last regenerated). */
  webhookRotatedAt: string;
  /** The commit last examined. */
  headSha: string | null;
  /** Why that commit's migrations were not released (a symlink, a file too large…); null when they were. */
  headError: string | null;
  lastFetch: GitLastFetchView | null;
  lastSuccessAt: string | null;
  fetching: boolean;
}

/** Shown once: after the project is created, or when an admin regenerates it. */
export interface GitWebhookSecretView {
  webhookUrl: string;
  secret: string;
}

export interface GitFetchedReleaseView {
  number: number;
  label: string;
  commitSha: string;
  message: string;
}

/** POST /api/projects/{id}/git/fetch */
export interface GitFetchResultView {
  /** busy: another fetch of this source is running (a follow-up is queued); failed: see `error`. */
  outcome: "fetched" | "up_to_date" | "busy" | "failed";
  releases: GitFetchedReleaseView[];
  /** Commits whose migrations could not be released, and why. */
  skipped: Array<{ sha: string; reason: string }>;
  error: string | null;
  durationMs: number;
}

/** POST /api/projects/{id}/git/webhook → 202 (or 200 for GitHub's ping) */
export interface GitWebhookAcceptedView {
  outcome: "queued" | "ignored" | "pong";
  message: string;
}
