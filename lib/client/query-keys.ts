// Every TanStack Query key in one place, so invalidations after a mutation cannot miss a spelling.
// Keys are hierarchical: invalidating a prefix (e.g. queryKeys.environments.all()) refreshes everything below it.

export const queryKeys = {
  overview: () => ["overview"] as const,
  environments: {
    all: () => ["environments"] as const,
    list: () => ["environments", "list"] as const,
    status: (id: string) => ["environments", "detail", id, "status"] as const,
    migration: (id: string, name: string) => ["environments", "detail", id, "migrations", name] as const,
  },
  projects: {
    all: () => ["projects"] as const,
    list: () => ["projects", "list"] as const,
  },
  users: {
    all: () => ["users"] as const,
    list: () => ["users", "list"] as const,
  },
  authProviders: () => ["auth", "providers"] as const,
} as const;
