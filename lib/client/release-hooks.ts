"use client";
// Data hooks of shipping a fix: the releases a deploy could apply, the ship-fix plan, acknowledging edited
// migrations, pushing a release from the browser, and the promotion path. Keys come from query-keys.ts.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type {
  AcknowledgementsResponse,
  AcknowledgementView,
  ProjectUpdatedView,
  PromotionView,
  ReleaseOptionsView,
  ReleasePushedView,
  ShipFixView,
} from "@/lib/api/responses";
import type { AcknowledgeEditsInput, MigrationFiles } from "@/lib/api/schemas";
import { fetchJson } from "./fetch-json";
import { POLL_INTERVAL_MS } from "./hooks";
import { queryKeys } from "./query-keys";

const segment = encodeURIComponent;

/** Everything that shows a project's migration state or its releases: after a push or an acknowledgement. */
function refreshProjectViews(client: QueryClient) {
  return Promise.all(
    [queryKeys.environments.all(), queryKeys.overview(), queryKeys.projects.all()].map((queryKey) =>
      client.invalidateQueries({ queryKey }),
    ),
  );
}

/** What each release would apply on this environment (reads the target: only while the deploy dialog is open). */
export function useReleaseOptions(environmentId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.environments.releaseOptions(environmentId),
    queryFn: ({ signal }) =>
      fetchJson<ReleaseOptionsView>(`/api/environments/${segment(environmentId)}/release-options`, { signal }),
    enabled,
    staleTime: 0,
    gcTime: 0,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

/** The ways to ship a fixed version (only while a migration's file is unchanged since it failed). */
export function useShipFix(environmentId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.environments.shipFix(environmentId),
    queryFn: ({ signal }) => fetchJson<ShipFixView>(`/api/environments/${segment(environmentId)}/ship-fix`, { signal }),
    enabled,
    staleTime: 30_000,
    refetchOnWindowFocus: false,
    placeholderData: keepPreviousData,
  });
}

export function shipFixPatchUrl(environmentId: string): string {
  return `/api/environments/${segment(environmentId)}/ship-fix?download=patch`;
}

export function useAcknowledgeEdits(environmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: AcknowledgeEditsInput) =>
      fetchJson<AcknowledgementsResponse>(`/api/environments/${segment(environmentId)}/acknowledgements`, {
        body: input,
      }),
    onSuccess: () => refreshProjectViews(client),
  });
}

export function useWithdrawAcknowledgement(environmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (acknowledgementId: string) =>
      fetchJson<AcknowledgementView>(
        `/api/environments/${segment(environmentId)}/acknowledgements/${segment(acknowledgementId)}`,
        { method: "DELETE" },
      ),
    onSuccess: () => refreshProjectViews(client),
  });
}

/** Pushes a migrations folder read in the browser as a release of an upload project (operators; POST /api/releases). */
export function usePushRelease() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { project: string; files: MigrationFiles; message?: string }) =>
      fetchJson<ReleasePushedView>("/api/releases", {
        body: {
          project: input.project,
          files: input.files,
          commit: input.message ? { message: input.message } : null,
        },
      }),
    onSuccess: () => refreshProjectViews(client),
  });
}

export function usePromotion(projectId: string) {
  return useQuery({
    queryKey: queryKeys.projects.promotion(projectId),
    queryFn: ({ signal }) => fetchJson<PromotionView>(`/api/projects/${segment(projectId)}/promotion`, { signal }),
    refetchInterval: POLL_INTERVAL_MS,
    placeholderData: keepPreviousData,
  });
}

/** Admins: enforce the promotion order, or not (the project's setting, as in its edit dialog). */
export function useSetEnforcePromotion(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { enforcePromotion: boolean }) =>
      fetchJson<ProjectUpdatedView>(`/api/projects/${segment(projectId)}`, { method: "PATCH", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.projects.all() }),
  });
}
