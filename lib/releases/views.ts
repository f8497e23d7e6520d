// The JSON contract of releases (types only: safe in client components). A release is one version of a
// project's migrations: its checksum, its migrations and, when known, the commit it came from.

export const RELEASE_ORIGINS = ["folder", "upload", "push", "git"] as const;
export type ReleaseOrigin = (typeof RELEASE_ORIGINS)[number];

export interface ReleaseCommitView {
  sha: string | null;
  branch: string | null;
  author: string | null;
  message: string | null;
}

export interface ReleaseView {
  id: string;
  projectId: string;
  number: number;
  /** The short commit SHA when known (a1b2c3d), else `#<number>`. */
  label: string;
  checksum: string;
  origin: ReleaseOrigin;
  commit: ReleaseCommitView;
  migrationCount: number;
  createdByLabel: string | null;
  createdAt: string;
  /** Over the previous release: migrations it adds, removes, and whose migration.sql it changes. */
  added: string[];
  removed: string[];
  changed: string[];
}

/** GET /api/projects/{id}/releases (newest first) */
export interface ReleasesResponse {
  releases: ReleaseView[];
}

/** POST /api/releases → 201 (a new release) or 200 (the files are the newest release's: nothing new). */
export interface ReleasePushedView {
  created: boolean;
  release: ReleaseView;
}

/** Where an environment stands: the newest release whose migrations are all applied there. */
export interface EnvironmentReleaseView {
  /** null: not even the first release is fully applied. */
  at: { number: number; label: string; checksum: string } | null;
  latest: { number: number; label: string; checksum: string };
  /** Releases newer than `at`. */
  behind: number;
}
