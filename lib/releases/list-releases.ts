// A project's releases with what each adds, removes and changes over the one before it.
import type { PrismaClient } from "../generated/prisma/client";
import type { BundleFiles } from "../environments/bundles";
import { RegistryError } from "../environments/errors";
import { APPLIED_STATES } from "../migrations/types";
import type { ReleaseRow } from "./record-release";
import { shortLabel } from "./release-files";
import type { EnvironmentReleaseView, ReleaseOrigin, ReleaseView } from "./views";

export function toReleaseView(row: ReleaseRow, previous: ReleaseRow | null): ReleaseView {
  const files = row.files as BundleFiles;
  const before = (previous?.files ?? {}) as BundleFiles;
  const names = new Set(row.migrationNames);
  const previousNames = new Set(previous?.migrationNames ?? []);
  const sqlOf = (f: BundleFiles, name: string) => f[`${name}/migration.sql`];
  return {
    id: row.id,
    projectId: row.projectId,
    number: row.number,
    label: shortLabel(row),
    checksum: row.checksum,
    origin: row.origin as ReleaseOrigin,
    commit: { sha: row.commitSha, branch: row.branch, author: row.author, message: row.message },
    migrationCount: row.migrationNames.length,
    createdByLabel: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
    added: row.migrationNames.filter((n) => !previousNames.has(n)),
    removed: [...previousNames].filter((n) => !names.has(n)),
    changed: row.migrationNames.filter((n) => previousNames.has(n) && sqlOf(files, n) !== sqlOf(before, n)),
  };
}

/** Newest first. */
export async function listReleases(prisma: PrismaClient, projectId: string): Promise<ReleaseView[]> {
  const project = await prisma.project.findFirst({ where: { id: projectId, archivedAt: null }, select: { id: true } });
  if (!project) throw new RegistryError("not_found", "project_not_found", "No such project.");
  const rows = await prisma.release.findMany({ where: { projectId }, orderBy: { number: "asc" } });
  return rows.map((row, i) => toReleaseView(row, rows[i - 1] ?? null)).reverse();
}

export interface ReleaseSummary {
  number: number;
  label: string;
  checksum: string;
  migrationNames: string[];
}

export async function listReleaseSummaries(prisma: PrismaClient, projectId: string): Promise<ReleaseSummary[]> {
  const rows = await prisma.release.findMany({
    where: { projectId },
    orderBy: { number: "asc" },
    select: { number: true, checksum: true, commitSha: true, migrationNames: true },
  });
  return rows.map((r) => ({
    number: r.number,
    label: shortLabel(r),
    checksum: r.checksum,
    migrationNames: r.migrationNames,
  }));
}

/**
 * The newest release whose migrations are all applied in the environment ("at release a1b2c3d"), and how many
 * releases came after it. `releases` oldest first.
 */
export function locateRelease(
  releases: ReleaseSummary[],
  migrations: Array<{ name: string; state: string }>,
): EnvironmentReleaseView | null {
  if (releases.length === 0) return null;
  const applied = new Set(migrations.filter((m) => APPLIED_STATES.has(m.state)).map((m) => m.name));
  let at: ReleaseSummary | null = null;
  for (const release of releases) if (release.migrationNames.every((n) => applied.has(n))) at = release;
  const latest = releases[releases.length - 1];
  const pick = (r: ReleaseSummary) => ({ number: r.number, label: r.label, checksum: r.checksum });
  return {
    at: at ? pick(at) : null,
    latest: pick(latest),
    behind: releases.filter((r) => r.number > (at?.number ?? 0)).length,
  };
}
