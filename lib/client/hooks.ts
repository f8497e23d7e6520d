"use client";
// Data hooks for every screen. Components never call fetch directly: they use these, so keys, polling and
// invalidation rules live in one file.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type {
  EnvironmentStatusView,
  EnvironmentView,
  MigrationDetailView,
  OverviewView,
  ProjectView,
} from "@/lib/environments/views";
import type {
  AdminUserView,
  AuthProviders,
  BundleCreatedView,
  CreateEnvironmentInput,
  CreateProjectInput,
  CreateUserInput,
  TestConnectionInput,
  TestConnectionResult,
  UpdateUserInput,
  UploadBundleInput,
} from "./api-types";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** How often live screens re-read migration state: often enough to see a deploy land, cheap for the server. */
export const POLL_INTERVAL_MS = 10_000;

const segment = encodeURIComponent;

// ---- Reads -----------------------------------------------------------------------------------------------

export function useOverview() {
  return useQuery({
    queryKey: queryKeys.overview(),
    queryFn: ({ signal }) => fetchJson<OverviewView>("/api/overview", { signal }),
    refetchInterval: POLL_INTERVAL_MS,
    refetchOnWindowFocus: true,
    placeholderData: keepPreviousData,
  });
}

export function useEnvironmentStatus(id: string) {
  return useQuery({
    queryKey: queryKeys.environments.status(id),
    queryFn: ({ signal }) => fetchJson<EnvironmentStatusView>(`/api/environments/${segment(id)}/status`, { signal }),
    refetchInterval: POLL_INTERVAL_MS,
    refetchOnWindowFocus: true,
    placeholderData: keepPreviousData,
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
    queryFn: ({ signal }) => fetchJson<{ environments: EnvironmentView[] }>("/api/environments", { signal }),
    select: (data) => data.environments,
  });
}

export function useProjects() {
  return useQuery({
    queryKey: queryKeys.projects.list(),
    queryFn: ({ signal }) => fetchJson<{ projects: ProjectView[] }>("/api/projects", { signal }),
    select: (data) => data.projects,
  });
}

export function useUsers() {
  return useQuery({
    queryKey: queryKeys.users.list(),
    queryFn: ({ signal }) => fetchJson<{ users: AdminUserView[] }>("/api/users", { signal }),
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

// ---- Mutations -------------------------------------------------------------------------------------------

function invalidateAll(client: QueryClient, keys: ReadonlyArray<readonly unknown[]>) {
  return Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
}

export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateProjectInput) => fetchJson<ProjectView>("/api/projects", { body: input }),
    onSuccess: () => invalidateAll(client, [queryKeys.projects.all(), queryKeys.overview()]),
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

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => fetchJson<AdminUserView>("/api/users", { body: input }),
    onSuccess: () => invalidateAll(client, [queryKeys.users.all()]),
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
