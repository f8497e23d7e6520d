"use client";
// Data hooks for every screen. Components never call fetch directly: they use these, so keys, polling and
// invalidation rules live in one file.
import {
  infiniteQueryOptions,
  keepPreviousData,
  useInfiniteQuery,
  usePrefetchInfiniteQuery,
  usePrefetchQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";
import type { ActionKind } from "@/lib/api/actions";
import type {
  ActionAcceptedView,
  ActionsResponse,
  ActionView,
  AdminUserView,
  ApiTokenView,
  AuditListView,
  AuditVerifyView,
  AuthProviders,
  BundleCreatedView,
  CreatedTokenView,
  DriftView,
  EnvironmentStatusView,
  EnvironmentsResponse,
  EnvironmentView,
  FailureAnalysis,
  EnvironmentRemovedView,
  GitFetchResultView,
  GitWebhookSecretView,
  HistoryPageView,
  MigrationDetailView,
  MonitorSettingsView,
  OverviewView,
  ProjectRemovedView,
  PreflightView,
  ProjectCreatedView,
  ProjectUpdatedView,
  ProjectsResponse,
  RerunnableView,
  SchemaCompareView,
  TestConnectionResult,
  TokensResponse,
  UsersResponse,
  ReleasesResponse,
} from "@/lib/api/responses";
import type {
  ActionRequestBody,
  AuditSearch,
  ConfirmRemovalInput,
  CreateEnvironmentInput,
  EnvironmentOrderInput,
  MonitorIntervalInput,
  UpdateEnvironmentInput,
  UpdateProjectInput,
  CreateProjectInput,
  CreateTokenInput,
  CreateUserInput,
  RejectInput,
  TestConnectionInput,
  UpdateUserInput,
  SettingsView,
  UploadBundleInput,
} from "@/lib/api/schemas";
import { buildAuditUrl } from "@/lib/audit/audit-url";
import { isOpenStatus, lastLogId, mergeActionLog } from "./actions";
import { ApiError, fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** How often live screens re-read migration state: often enough to see a deploy land, cheap for the server. */
export const POLL_INTERVAL_MS = 10_000;

/** An environment's recent actions: often enough to see a request, an approval or an outcome land. */
export const ACTIONS_POLL_MS = 3_000;

/** A followed action (queued, awaiting approval, running): its log streams in at this pace. */
export const ACTION_FOLLOW_MS = 500;

const segment = encodeURIComponent;

// ---- Reads -----------------------------------------------------------------------------------------------

/** The overview; `initial` is the page's server-rendered read, so the matrix shows without a round trip. */
export function useOverview(initial?: OverviewView) {
  return useQuery({
    queryKey: queryKeys.overview(),
    queryFn: ({ signal }) => fetchJson<OverviewView>("/api/overview", { signal }),
    initialData: initial,
    initialDataUpdatedAt: initial ? Date.parse(initial.generatedAt) : undefined,
    refetchInterval: POLL_INTERVAL_MS,
    refetchOnWindowFocus: true,
    placeholderData: keepPreviousData,
  });
}

/**
 * The environment page's status: the summary and only the migrations needing attention (`?migrations=open`);
 * its history comes paged from useEnvironmentHistory, so 1,000 applied migrations are never sent whole.
 */
export function useEnvironmentStatus(id: string) {
  return useQuery({
    queryKey: queryKeys.environments.status(id),
    queryFn: ({ signal }) =>
      fetchJson<EnvironmentStatusView>(`/api/environments/${segment(id)}/status?migrations=open`, { signal }),
    refetchInterval: POLL_INTERVAL_MS,
    refetchOnWindowFocus: true,
    placeholderData: keepPreviousData,
  });
}

/** Deploys per page on the environment page (the API allows up to 100): about two weeks of a busy team's deploys. */
export const HISTORY_UI_PAGE = 10;

function environmentHistoryOptions(id: string, failuresOnly: boolean) {
  return infiniteQueryOptions({
    queryKey: queryKeys.environments.history(id, failuresOnly),
    queryFn: ({ signal, pageParam }) => {
      const query = new URLSearchParams({ limit: String(HISTORY_UI_PAGE) });
      if (pageParam) query.set("before", pageParam);
      if (failuresOnly) query.set("failures", "1");
      return fetchJson<HistoryPageView>(`/api/environments/${segment(id)}/history?${query}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last: HistoryPageView) => last.nextBefore,
  });
}

/**
 * The history as deploys, newest first, one page per "Show older deploys" (keyset on the first attempt, so new
 * deploys never shift the pages); polled with the status, which re-reads the loaded pages.
 */
export function useEnvironmentHistory(id: string, failuresOnly: boolean) {
  return useInfiniteQuery({
    ...environmentHistoryOptions(id, failuresOnly),
    refetchInterval: POLL_INTERVAL_MS,
    refetchOnWindowFocus: true,
    placeholderData: keepPreviousData,
  });
}

/**
 * Starts the environment page's other reads (history, actions, drift) with its status rather than after it: the
 * sections holding them render once the status is in, and waiting for it first would queue one read behind another.
 */
export function usePrefetchEnvironmentPage(id: string, failuresOnly: boolean) {
  usePrefetchInfiniteQuery(environmentHistoryOptions(id, failuresOnly));
  usePrefetchQuery({
    queryKey: queryKeys.environments.actions(id),
    queryFn: ({ signal }) => fetchJson<ActionsResponse>(`/api/environments/${segment(id)}/actions`, { signal }),
  });
  usePrefetchQuery({
    queryKey: queryKeys.environments.drift(id),
    queryFn: ({ signal }) => fetchJson<DriftView>(`/api/environments/${segment(id)}/drift`, { signal }),
  });
}

export function useMigrationDetail(id: string, name: string) {
  return useQuery({
    queryKey: queryKeys.environments.migration(id, name),
    queryFn: ({ signal }) =>
      fetchJson<MigrationDetailView>(`/api/environments/${segment(id)}/migrations/${segment(name)}`, { signal }),
    refetchOnWindowFocus: true,
    placeholderData: keepPreviousData,
  });
}

export function useEnvironments() {
  return useQuery({
    queryKey: queryKeys.environments.list(),
    queryFn: ({ signal }) => fetchJson<EnvironmentsResponse>("/api/environments", { signal }),
    select: (data) => data.environments,
  });
}

/** An environment a filter offers: a live one, or a removed one whose history stays in the log. */
export interface FilterEnvironment {
  id: string;
  projectId: string;
  projectName: string;
  name: string;
  removed: boolean;
}

/** Every environment that may have history: the live ones first, then the removed ones. */
export function useFilterEnvironments() {
  return useQuery({
    queryKey: queryKeys.environments.listWithRemoved(),
    queryFn: ({ signal }) => fetchJson<EnvironmentsResponse>("/api/environments?removed=include", { signal }),
    select: (data): FilterEnvironment[] => [
      ...data.environments.map((e) => ({ ...e, removed: false })),
      ...(data.removed ?? []).map((e) => ({ ...e, removed: true })),
    ],
  });
}

export function useProjects() {
  return useQuery({
    queryKey: queryKeys.projects.list(),
    queryFn: ({ signal }) => fetchJson<ProjectsResponse>("/api/projects", { signal }),
    select: (data) => data.projects,
  });
}

export function useReleases(projectId: string) {
  return useQuery({
    queryKey: queryKeys.projects.releases(projectId),
    queryFn: ({ signal }) => fetchJson<ReleasesResponse>(`/api/projects/${segment(projectId)}/releases`, { signal }),
    refetchInterval: POLL_INTERVAL_MS,
  });
}

export function useUsers() {
  return useQuery({
    queryKey: queryKeys.users.list(),
    queryFn: ({ signal }) => fetchJson<UsersResponse>("/api/users", { signal }),
    select: (data) => data.users,
  });
}

/** The sign-in methods configured on the server (credentials, GitHub, OIDC…). Public route. */
export function useAuthProviders() {
  return useQuery({
    queryKey: queryKeys.authProviders(),
    queryFn: ({ signal }) => fetchJson<AuthProviders | null>("/api/auth/providers", { signal }),
    staleTime: Infinity,
    select: (data) => Object.values(data ?? {}),
  });
}

/** The audit log, newest first, one page per "Load older" (keyset on seq, so new events do not shift pages). */
export function useAuditEvents(search: AuditSearch) {
  return useInfiniteQuery({
    queryKey: queryKeys.audit.list(search),
    queryFn: ({ signal, pageParam }) =>
      fetchJson<AuditListView>(buildAuditUrl({ ...search, beforeSeq: pageParam ?? undefined }), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBeforeSeq,
    refetchOnWindowFocus: true,
    placeholderData: keepPreviousData,
  });
}

/** Re-walks the whole hash chain on the server: run on demand (a mutation), never polled. */
export function useVerifyAuditChain() {
  return useMutation({
    mutationFn: () => fetchJson<AuditVerifyView>("/api/audit/verify"),
  });
}

/** The environment's stored drift check; polls quickly while a check runs (its progress), slowly otherwise. */
export function useDrift(environmentId: string) {
  return useQuery({
    queryKey: queryKeys.environments.drift(environmentId),
    queryFn: ({ signal }) => fetchJson<DriftView>(`/api/environments/${segment(environmentId)}/drift`, { signal }),
    refetchInterval: (query) => (query.state.data?.status === "running" ? DRIFT_PROGRESS_MS : POLL_INTERVAL_MS),
    placeholderData: keepPreviousData,
  });
}

/** While a drift check runs, its progress is read at this pace. */
export const DRIFT_PROGRESS_MS = 500;

export function useSchemaCompare(environmentId: string, withId: string | null) {
  return useQuery({
    queryKey: queryKeys.environments.compare(environmentId, withId ?? ""),
    queryFn: ({ signal }) =>
      fetchJson<SchemaCompareView>(
        `/api/environments/${segment(environmentId)}/compare?with=${segment(withId ?? "")}`,
        { signal },
      ),
    enabled: withId !== null,
    staleTime: 0,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

// ---- Mutations -------------------------------------------------------------------------------------------

/** Starts a drift check now (operators); the check's progress then arrives through useDrift. */
export function useStartDriftCheck(environmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson<DriftView>(`/api/environments/${segment(environmentId)}/drift`, { method: "POST" }),
    onSuccess: (view) => {
      client.setQueryData(queryKeys.environments.drift(environmentId), view);
      return invalidateAll(client, [queryKeys.environments.status(environmentId)]);
    },
  });
}

function invalidateAll(client: QueryClient, keys: ReadonlyArray<readonly unknown[]>) {
  return Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
}

export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateProjectInput) => fetchJson<ProjectCreatedView>("/api/projects", { body: input }),
    onSuccess: () => invalidateAll(client, [queryKeys.projects.all(), queryKeys.overview()]),
  });
}

/** "Fetch now" of a git source: its new releases change what is pending in every environment of the project. */
export function useFetchGitSource(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      fetchJson<GitFetchResultView>(`/api/projects/${segment(projectId)}/git/fetch`, { method: "POST" }),
    onSettled: () =>
      invalidateAll(client, [queryKeys.projects.all(), queryKeys.overview(), queryKeys.environments.all()]),
  });
}

/** A new webhook secret for a git source, answered once. */
export function useRegenerateWebhookSecret(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      fetchJson<GitWebhookSecretView>(`/api/projects/${segment(projectId)}/git/webhook-secret`, { method: "POST" }),
    onSuccess: () => invalidateAll(client, [queryKeys.projects.all()]),
  });
}

export function useUploadBundle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ projectId, files }: UploadBundleInput) =>
      fetchJson<BundleCreatedView>(`/api/projects/${segment(projectId)}/bundles`, { body: { files } }),
    // A new bundle changes what is pending or modified in every environment of the project.
    onSuccess: () =>
      invalidateAll(client, [queryKeys.projects.all(), queryKeys.overview(), queryKeys.environments.all()]),
  });
}

export function useTestConnection() {
  return useMutation({
    mutationFn: (input: TestConnectionInput) =>
      fetchJson<TestConnectionResult>("/api/environments/test-connection", { body: input }),
  });
}

export function useCreateEnvironment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateEnvironmentInput) => fetchJson<EnvironmentView>("/api/environments", { body: input }),
    // Projects carry environmentCount; the overview gains a card and a matrix column.
    onSuccess: () =>
      invalidateAll(client, [queryKeys.environments.all(), queryKeys.projects.all(), queryKeys.overview()]),
  });
}

/** What an admin change of the registry may show in: lists, the overview, cards, deploy facts, the audit log. */
function refreshRegistry(client: QueryClient) {
  return invalidateAll(client, [
    queryKeys.projects.all(),
    queryKeys.environments.all(),
    queryKeys.overview(),
    queryKeys.oncall.deploys(),
    queryKeys.oncall.channels(),
    queryKeys.audit.all(),
  ]);
}

export function useUpdateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: UpdateProjectInput & { id: string }) =>
      fetchJson<ProjectUpdatedView>(`/api/projects/${segment(id)}`, { method: "PATCH", body: patch }),
    onSuccess: () => refreshRegistry(client),
  });
}

export function useRemoveProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, confirmation }: ConfirmRemovalInput & { id: string }) =>
      fetchJson<ProjectRemovedView>(`/api/projects/${segment(id)}`, { method: "DELETE", body: { confirmation } }),
    onSuccess: () => refreshRegistry(client),
  });
}

export function useUpdateEnvironment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: UpdateEnvironmentInput & { id: string }) =>
      fetchJson<EnvironmentView>(`/api/environments/${segment(id)}`, { method: "PATCH", body: patch }),
    onSuccess: () => refreshRegistry(client),
  });
}

export function useRemoveEnvironment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, confirmation }: ConfirmRemovalInput & { id: string }) =>
      fetchJson<EnvironmentRemovedView>(`/api/environments/${segment(id)}`, {
        method: "DELETE",
        body: { confirmation },
      }),
    onSuccess: () => refreshRegistry(client),
  });
}

/** The whole order of one project's environments (move up/down sends the list with one pair swapped). */
export function useReorderEnvironments() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ projectId, environmentIds }: EnvironmentOrderInput & { projectId: string }) =>
      fetchJson<EnvironmentsResponse>(`/api/projects/${segment(projectId)}/environment-order`, {
        method: "PUT",
        body: { environmentIds },
      }),
    onSuccess: () => refreshRegistry(client),
  });
}

export function useMonitorSettings(environmentId: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.environments.monitor(environmentId),
    queryFn: ({ signal }) =>
      fetchJson<MonitorSettingsView>(`/api/environments/${segment(environmentId)}/monitor`, { signal }),
    enabled,
  });
}

export function useSetMonitorInterval(environmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MonitorIntervalInput) =>
      fetchJson<MonitorSettingsView>(`/api/environments/${segment(environmentId)}/monitor`, { method: "PUT", body }),
    onSuccess: (view) => {
      client.setQueryData(queryKeys.environments.monitor(environmentId), view);
      return invalidateAll(client, [queryKeys.audit.all()]);
    },
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => fetchJson<AdminUserView>("/api/users", { body: input }),
    onSuccess: () => invalidateAll(client, [queryKeys.users.all()]),
  });
}

export function useSettings() {
  return useQuery({
    queryKey: queryKeys.settings(),
    queryFn: async ({ signal }) => (await fetchJson<{ settings: SettingsView }>("/api/settings", { signal })).settings,
  });
}

export function useUpdateSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (patch: Partial<SettingsView>) =>
      (await fetchJson<{ settings: SettingsView }>("/api/settings", { method: "PATCH", body: patch })).settings,
    onSuccess: (settings) => client.setQueryData(queryKeys.settings(), settings),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: UpdateUserInput) =>
      fetchJson<AdminUserView>(`/api/users/${segment(id)}`, { method: "PATCH", body: patch }),
    onSuccess: () => invalidateAll(client, [queryKeys.users.all()]),
  });
}

// ---- Guarded actions (resolve --rolled-back, resolve --applied, deploy) -----------------------------------

/** After an action ends, everything that shows the environment's migration state is out of date. */
function refreshAfterAction(client: QueryClient, environmentId: string) {
  return invalidateAll(client, [
    queryKeys.environments.status(environmentId),
    queryKeys.environments.histories(environmentId),
    queryKeys.environments.migrations(environmentId),
    queryKeys.environments.actions(environmentId),
    queryKeys.overview(),
  ]);
}

/**
 * What an action would change, computed on the server from the environment's current state. Only loads while
 * `enabled` (a dialog is open); never polls: the user reloads it explicitly, and the request is refused if the
 * state moved since (the fingerprint).
 */
export function usePreflight(
  environmentId: string,
  kind: ActionKind,
  migration: string | null,
  enabled: boolean,
  /** deploy: preview this release (null: the newest). */
  release: { number: number; checksum: string } | null = null,
) {
  return useQuery({
    queryKey: queryKeys.environments.preflight(environmentId, kind, migration, release?.number ?? null),
    queryFn: ({ signal }) => {
      const query = new URLSearchParams({ kind });
      if (migration) query.set("migration", migration);
      if (release) {
        query.set("release", String(release.number));
        query.set("releaseChecksum", release.checksum);
      }
      return fetchJson<PreflightView>(`/api/environments/${segment(environmentId)}/preflight?${query}`, { signal });
    },
    enabled,
    staleTime: 0,
    // Re-opening the dialog always computes a fresh preflight.
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: false,
    // Picking another release keeps the previous preview on screen (marked busy) until the new one arrives.
    placeholderData: keepPreviousData,
  });
}

/** POST /api/environments/{id}/actions → 202 { id, status }. Errors (400/403/409) keep the server's message. */
export function useRequestAction(environmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ActionRequestBody) =>
      fetchJson<ActionAcceptedView>(`/api/environments/${segment(environmentId)}/actions`, { body }),
    onSuccess: () => invalidateAll(client, [queryKeys.environments.actions(environmentId)]),
  });
}

/** The environment's recent actions, newest first; polls, and refreshes the environment when one ends. */
export function useEnvironmentActions(environmentId: string) {
  const client = useQueryClient();
  return useQuery({
    queryKey: queryKeys.environments.actions(environmentId),
    queryFn: async ({ signal, queryKey }) => {
      const previous = client.getQueryData<ActionsResponse>(queryKey);
      const next = await fetchJson<ActionsResponse>(`/api/environments/${segment(environmentId)}/actions`, { signal });
      // An action someone else ran (or approved) finished between two polls: the migration state changed.
      if (previous) {
        const wasOpen = new Set(previous.actions.filter((a) => isOpenStatus(a.status)).map((a) => a.id));
        if (next.actions.some((a) => wasOpen.has(a.id) && !isOpenStatus(a.status))) {
          void invalidateAll(client, [
            queryKeys.environments.status(environmentId),
            queryKeys.environments.histories(environmentId),
            queryKeys.environments.migrations(environmentId),
            queryKeys.overview(),
          ]);
        }
      }
      return next;
    },
    refetchInterval: ACTIONS_POLL_MS,
    refetchOnWindowFocus: true,
    placeholderData: keepPreviousData,
    select: (data) => data.actions,
  });
}

/**
 * Follows one action live: polls `GET /api/actions/{id}?afterLogId=<last id>` every 500 ms while it is queued,
 * awaiting approval or running, appending the new log lines to those already received. Stops when it ends, and
 * then refreshes the environment's status, the overview and the actions list.
 */
export function useAction(actionId: string | null) {
  const client = useQueryClient();
  return useQuery({
    queryKey: queryKeys.actions.detail(actionId ?? ""),
    queryFn: async ({ signal, queryKey }) => {
      const previous = client.getQueryData<ActionView>(queryKey);
      const next = await fetchJson<ActionView>(
        `/api/actions/${segment(actionId ?? "")}?afterLogId=${lastLogId(previous)}`,
        { signal },
      );
      const merged = mergeActionLog(previous, next);
      if (!isOpenStatus(merged.status) && (!previous || isOpenStatus(previous.status))) {
        void refreshAfterAction(client, merged.environmentId);
      }
      return merged;
    },
    enabled: Boolean(actionId),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      // Not found or no longer allowed: asking again will not help. Network blips keep following.
      if (query.state.error instanceof ApiError && query.state.error.status >= 400 && query.state.error.status < 500)
        return false;
      return status && !isOpenStatus(status) ? false : ACTION_FOLLOW_MS;
    },
    refetchOnWindowFocus: false,
    staleTime: 0,
  });
}

interface ActionRef {
  id: string;
  environmentId: string;
}

function afterDecision(client: QueryClient, action: ActionRef) {
  return invalidateAll(client, [
    queryKeys.environments.actions(action.environmentId),
    queryKeys.actions.detail(action.id),
  ]);
}

/** A second operator approves a protected environment's action (the requester cannot: 403). */
export function useApproveAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: ActionRef) =>
      fetchJson<ActionView>(`/api/actions/${segment(action.id)}/approve`, { method: "POST" }),
    onSuccess: (_view, action) => afterDecision(client, action),
  });
}

export function useRejectAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ reason, ...action }: ActionRef & RejectInput) => {
      const body: RejectInput = reason?.trim() ? { reason: reason.trim() } : {};
      return fetchJson<ActionView>(`/api/actions/${segment(action.id)}/reject`, { body });
    },
    onSuccess: (_view, { id, environmentId }) => afterDecision(client, { id, environmentId }),
  });
}

// ---- API tokens (admin) ----------------------------------------------------------------------------------

export function useTokens() {
  return useQuery({
    queryKey: queryKeys.tokens.list(),
    queryFn: ({ signal }) => fetchJson<TokensResponse>("/api/tokens", { signal }),
    select: (data) => data.tokens,
  });
}

/** The response carries the clear token, once: the caller shows it and lets it go. */
export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTokenInput) => fetchJson<CreatedTokenView>("/api/tokens", { body: input }),
    onSuccess: () => invalidateAll(client, [queryKeys.tokens.all()]),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<ApiTokenView>(`/api/tokens/${segment(id)}`, { method: "DELETE" }),
    onSuccess: () => invalidateAll(client, [queryKeys.tokens.all()]),
  });
}

// ---- Diagnosis (failure analysis, re-runnable rewrite) -----------------------------------------------------

/**
 * What a failed migration left behind, probed in the target's catalogs. Only while `enabled` (the migration is
 * failed); never polls: the analysis connects to the target database, and the state it reads changes only when
 * someone acts (actions invalidate the migration's keys, which are a prefix of this one).
 */
export function useFailureAnalysis(environmentId: string, name: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.environments.analysis(environmentId, name),
    queryFn: ({ signal }) =>
      fetchJson<FailureAnalysis>(`/api/environments/${segment(environmentId)}/migrations/${segment(name)}/analysis`, {
        signal,
      }),
    enabled,
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
}

export function rerunnablePatchUrl(environmentId: string, name: string): string {
  return `/api/environments/${segment(environmentId)}/migrations/${segment(name)}/rerunnable?download=patch`;
}

/** Lint findings and the re-runnable rewrite (for failed, pending and rolled-back migrations). */
export function useRerunnable(environmentId: string, name: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.environments.rerunnable(environmentId, name),
    queryFn: ({ signal }) =>
      fetchJson<RerunnableView>(`/api/environments/${segment(environmentId)}/migrations/${segment(name)}/rerunnable`, {
        signal,
      }),
    enabled,
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
}
