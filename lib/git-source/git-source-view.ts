// A git source as the API shows it: where it reads, what the last fetch found. Never a credential or the
// webhook secret (only that they exist, and since when).
import type { GitCredentialKind } from "../api/sources";
import { describeRef, parseRepository } from "./repository";
import type { GitSourceView } from "./views";

export interface GitSourceRow {
  projectId: string;
  repository: string;
  ref: string;
  credentialKind: string;
  intervalSeconds: number;
  webhookSecretCreatedAt: Date;
  fetchingUntil: Date | null;
  headSha: string | null;
  headError: string | null;
  lastFetchAt: Date | null;
  lastFetchDurationMs: number | null;
  lastFetchError: string | null;
  lastSuccessAt: Date | null;
}

export function webhookPathOf(projectId: string): string {
  return `/api/projects/${projectId}/git/webhook`;
}

function transportOf(repository: string): GitSourceView["transport"] {
  try {
    return parseRepository(repository).transport;
  } catch {
    return "https";
  }
}

export function toGitSourceView(row: GitSourceRow, migrationsPath: string, now = new Date()): GitSourceView {
  const ref = describeRef(row.ref);
  return {
    repository: row.repository,
    transport: transportOf(row.repository),
    ref: row.ref,
    refName: ref.name,
    refKind: ref.kind,
    path: migrationsPath,
    authMethod: row.credentialKind as GitCredentialKind,
    intervalSeconds: row.intervalSeconds,
    webhookPath: webhookPathOf(row.projectId),
    webhookRotatedAt: row.webhookSecretCreatedAt.toISOString(),
    headSha: row.headSha,
    headError: row.headError,
    lastFetch: row.lastFetchAt
      ? { at: row.lastFetchAt.toISOString(), durationMs: row.lastFetchDurationMs, error: row.lastFetchError }
      : null,
    lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
    fetching: row.fetchingUntil !== null && row.fetchingUntil > now,
  };
}
