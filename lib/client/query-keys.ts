// Every TanStack Query key in one place, so invalidations after a mutation cannot miss a spelling.
// Keys are hierarchical: invalidating a prefix (e.g. queryKeys.environments.all()) refreshes everything below it.
import type { AuditSearch } from "@/lib/audit/views";

export const queryKeys = {
  overview: () => ["overview"] as const,
  environments: {
    all: () => ["environments"] as const,
    list: () => ["environments", "list"] as const,
    /** The list with the removed environments (filters of the audit log and activity); under list(). */
    listWithRemoved: () => ["environments", "list", "with-removed"] as const,
    status: (id: string) => ["environments", "detail", id, "status"] as const,
    /** The history as deploys, paged (one entry per filter; its pages live in the entry). */
    history: (id: string, failuresOnly: boolean) =>
      ["environments", "detail", id, "history", failuresOnly ? "failures" : "all"] as const,
    /** Every filter's history of one environment (a prefix, for invalidation). */
    histories: (id: string) => ["environments", "detail", id, "history"] as const,
    migration: (id: string, name: string) => ["environments", "detail", id, "migrations", name] as const,
    migrations: (id: string) => ["environments", "detail", id, "migrations"] as const,
    /** Recent actions of one environment (polled). */
    actions: (id: string) => ["environments", "detail", id, "actions"] as const,
    /** One preflight: kind + migration (null for deploy). */
    preflight: (id: string, kind: string, migration: string | null, release: number | null = null) =>
      ["environments", "detail", id, "preflight", kind, migration, release] as const,
    /** The releases a deploy could apply here, each with what it would do (the deploy dialog's picker). */
    releaseOptions: (id: string) => ["environments", "detail", id, "release-options"] as const,
    /** How to ship a fixed version of migrations that would fail again. */
    shipFix: (id: string) => ["environments", "detail", id, "ship-fix"] as const,
    /** Failure analysis of one failed migration (probes the target's catalogs). */
    analysis: (id: string, name: string) => ["environments", "detail", id, "migrations", name, "analysis"] as const,
    /** The monitor's interval and last reading of one environment. */
    monitor: (id: string) => ["environments", "detail", id, "monitor"] as const,
    /** The stored schema drift check (polled while one runs). */
    drift: (id: string) => ["environments", "detail", id, "drift"] as const,
    /** This environment's live schema against another's. */
    compare: (id: string, withId: string) => ["environments", "detail", id, "compare", withId] as const,
    /** Lint findings and the re-runnable rewrite of one migration. */
    rerunnable: (id: string, name: string) => ["environments", "detail", id, "migrations", name, "rerunnable"] as const,
  },
  actions: {
    all: () => ["actions"] as const,
    /** One followed action: the log lines accumulated client-side live in this entry. */
    detail: (id: string) => ["actions", id] as const,
  },
  tokens: {
    all: () => ["tokens"] as const,
    list: () => ["tokens", "list"] as const,
  },
  projects: {
    all: () => ["projects"] as const,
    list: () => ["projects", "list"] as const,
    releases: (id: string) => ["projects", id, "releases"] as const,
    /** The promotion path (environments in order, the release each is at) and whether it is enforced. */
    promotion: (id: string) => ["projects", id, "promotion"] as const,
  },
  users: {
    all: () => ["users"] as const,
    list: () => ["users", "list"] as const,
  },
  settings: () => ["settings"] as const,
  authProviders: () => ["auth", "providers"] as const,
  /** The on-call loop: the activity feed, deploy facts, requests waiting for me, reviews, channels. */
  oncall: {
    events: (filters: Record<string, string | undefined>) => ["oncall", "events", filters] as const,
    deploys: () => ["oncall", "deploys"] as const,
    waiting: () => ["oncall", "waiting"] as const,
    review: (id: string) => ["oncall", "review", id] as const,
    channels: () => ["oncall", "channels"] as const,
    deliveries: (channelId: string) => ["oncall", "channels", channelId, "deliveries"] as const,
  },
  audit: {
    all: () => ["audit"] as const,
    list: (search: AuditSearch) => ["audit", "list", search] as const,
  },
} as const;
