// The JSON contract of releases (types only: safe in client components). A release is one version of a
// project's migrations: its checksum, its migrations and, when known, the commit it came from.
import type { SourceKind } from "../api/sources";

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

/** One environment on its project's promotion path (dev → staging → prod), where it stands. */
export interface PromotionStepView {
  environmentId: string;
  name: string;
  position: number;
  isProtected: boolean;
  /** false: its database could not be read, so its release is unknown. */
  reachable: boolean;
  /** The release it is at (null: none fully applied, or unknown when unreachable). */
  at: { number: number; label: string } | null;
}

/** GET/PUT /api/projects/{id}/promotion: the order releases travel in, and whether it is enforced. */
export interface PromotionView {
  projectId: string;
  enforcePromotion: boolean;
  /** The project's environments in order (position). */
  steps: PromotionStepView[];
}

/** One release as a deploy of one environment would apply it (GET /api/environments/{id}/release-options). */
export interface ReleaseOptionView {
  number: number;
  label: string;
  checksum: string;
  origin: ReleaseOrigin;
  commit: ReleaseCommitView;
  createdAt: string;
  isNewest: boolean;
  /** The release the environment is at. */
  isCurrent: boolean;
  /** The migrations a deploy of this release would run here, in order. */
  wouldApply: string[];
  /** Applied here, but this release's file differs (modified; acknowledged edits are not listed). */
  edited: string[];
  /** Applied here, absent from this release. */
  notInRelease: string[];
  /** A failed migration blocks every deploy here (P3009) whatever the release. */
  blocked: boolean;
  /** Refused by the promotion order (the project enforces it): why, naming who must go first. */
  promotion: { message: string; mustDeployFirst: { environmentId: string; environmentName: string } } | null;
}

export interface ReleaseOptionsView {
  environmentId: string;
  enforcePromotion: boolean;
  /** The environment before this one in the project's order and the release it is at (null: this one is first). */
  previous: { environmentId: string; name: string; at: number | null; error: string | null } | null;
  /** Newest first (at most the 20 newest, plus the one the environment is at when older). */
  releases: ReleaseOptionView[];
}

/** GET /api/environments/{id}/ship-fix: how to ship a fixed version of migrations that would fail again. */
export interface ShipFixView {
  environmentId: string;
  project: {
    id: string;
    name: string;
    sourceKind: SourceKind;
    folderPath: string | null;
    /** The migrations folder inside the application's repository: the patch's paths. */
    repoMigrationsPath: string;
    /** Git sources: where a fixed commit must land for Runway to fetch it. */
    git: { repository: string; refName: string; refKind: "branch" | "tag"; intervalSeconds: number } | null;
  };
  /** Failed or rolled-back migrations whose file is still the one that failed (deploying now repeats the failure). */
  unchanged: Array<{
    name: string;
    state: "failed" | "rolled_back";
    /** When the failed attempt started, and the checksum of the file it ran (the file's checksum now). */
    failedAt: string;
    checksum: string;
    /** The database's answer, from Prisma's stored log. */
    error: string | null;
    /** Its path in the repository. */
    file: string;
  }>;
  /** The re-runnable rewrite of each, one patch for `git apply` at the repository's root ("" when nothing changes). */
  patch: string;
  /** Statements the rewrite could not guard (to make re-runnable by hand). */
  unsupported: Array<{ migrationName: string; line: number; reason: string }>;
  /** Upload projects: the `runway push` command, filled in (null for folder projects, whose folder is the source). */
  pushCommand: string | null;
}
