"use client";
// Data hooks of the on-call screens: the activity feed, deploy facts, the waiting-requests badge, the action
// review page and notification channels. Keys come from query-keys.ts like every other hook.
import { keepPreviousData, useMutation, usePrefetchQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ChannelInput, ChannelUpdate } from "@/lib/api/schemas";
import type {
  ActionReviewView,
  ActionView,
  ChannelDeletedResponse,
  ChannelsResponse,
  ChannelTestResult,
  ChannelView,
  CreatedChannelView,
  DeliveriesResponse,
  DeployFactsView,
  EventPageView,
  WaitingActionsResponse,
} from "@/lib/api/responses";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

const segment = encodeURIComponent;

export function useEvents(filters: Record<string, string | undefined>) {
  const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
  return useQuery({
    queryKey: queryKeys.oncall.events(filters),
    queryFn: ({ signal }) => fetchJson<EventPageView>(`/api/events?${query}`, { signal }),
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
  });
}

/** The environment's latest events, as its page shows them. */
export const ENVIRONMENT_EVENTS_LIMIT = "5";

/** Starts the environment page's activity reads (deploy facts, latest events) with its status (see hooks.ts). */
export function usePrefetchEnvironmentActivity(environmentId: string) {
  const filters = { environmentId, limit: ENVIRONMENT_EVENTS_LIMIT };
  usePrefetchQuery({
    queryKey: queryKeys.oncall.events(filters),
    queryFn: ({ signal }) => fetchJson<EventPageView>(`/api/events?${new URLSearchParams(filters)}`, { signal }),
  });
  usePrefetchQuery({
    queryKey: queryKeys.oncall.deploys(),
    queryFn: ({ signal }) => fetchJson<DeployFactsView>("/api/deploys", { signal }),
  });
}

export function useDeployFacts() {
  return useQuery({
    queryKey: queryKeys.oncall.deploys(),
    queryFn: ({ signal }) => fetchJson<DeployFactsView>("/api/deploys", { signal }),
    refetchInterval: 15_000,
    select: (data) => data.environments,
  });
}

/** Requests the signed-in operator could approve (the header badge); off for viewers. */
export function useWaitingRequests(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.oncall.waiting(),
    queryFn: ({ signal }) => fetchJson<WaitingActionsResponse>("/api/actions/waiting", { signal }),
    enabled,
    refetchInterval: 5_000,
  });
}

export function useActionReview(id: string) {
  return useQuery({
    queryKey: queryKeys.oncall.review(id),
    queryFn: ({ signal }) => fetchJson<ActionReviewView>(`/api/actions/${segment(id)}/review`, { signal }),
    refetchOnWindowFocus: false,
    retry: false,
  });
}

export function useCancelAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<ActionView>(`/api/actions/${segment(id)}/cancel`, { method: "POST" }),
    onSuccess: (_view, id) =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.actions.detail(id) }),
        client.invalidateQueries({ queryKey: queryKeys.oncall.review(id) }),
      ]),
  });
}

export function useChannels() {
  return useQuery({
    queryKey: queryKeys.oncall.channels(),
    queryFn: ({ signal }) => fetchJson<ChannelsResponse>("/api/channels", { signal }),
    select: (data) => data.channels,
  });
}

export function useCreateChannel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ChannelInput) => fetchJson<CreatedChannelView>("/api/channels", { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.oncall.channels() }),
  });
}

/** Rename, enable/disable, a new target (never shown again), subscriptions: only the fields sent change. */
export function useUpdateChannel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: ChannelUpdate & { id: string }) =>
      fetchJson<ChannelView>(`/api/channels/${segment(id)}`, { method: "PATCH", body: patch }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.oncall.channels() }),
        client.invalidateQueries({ queryKey: queryKeys.audit.all() }),
      ]),
  });
}

export function useDeleteChannel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<ChannelDeletedResponse>(`/api/channels/${segment(id)}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.oncall.channels() }),
  });
}

export function useTestChannel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<ChannelTestResult>(`/api/channels/${segment(id)}/test`, { method: "POST" }),
    onSuccess: (_r, id) => client.invalidateQueries({ queryKey: queryKeys.oncall.deliveries(id) }),
  });
}

export function useDeliveries(channelId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.oncall.deliveries(channelId),
    queryFn: ({ signal }) =>
      fetchJson<DeliveriesResponse>(`/api/channels/${segment(channelId)}/deliveries`, { signal }),
    enabled,
    refetchInterval: 5_000,
    select: (data) => data.deliveries,
  });
}
