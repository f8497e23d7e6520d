// How each kind of migrations source is checked and stored, for creating and for editing a project: one entry per
// branch of the contract's `projectSource` union (lib/api/schemas.ts). The mapped type makes a new kind in the union
// fail to compile until it has its entry here.
import type { z } from "zod";
import type { Prisma } from "../generated/prisma/client";
import type { projectSource } from "../api/schemas";
import type { SourceKind } from "../api/sources";
import { computeBundleChecksum, validateBundleFiles } from "./bundles";
import { validateFolderSource } from "./source-roots";
import { RegistryError } from "./errors";

export type ProjectSource = z.output<typeof projectSource>;

// The contract's union has a branch for each of SOURCE_KINDS, and no other (a compile-time check).
type SameKinds = [ProjectSource["kind"]] extends [SourceKind]
  ? [SourceKind] extends [ProjectSource["kind"]]
    ? true
    : false
  : false;
export const SOURCE_UNION_MATCHES_KINDS: SameKinds = true;

/** The Project columns that describe its source; every kind's own columns are cleared when another kind is saved. */
export interface SourceColumns {
  sourceKind: SourceKind;
  folderPath: string | null;
}

const CLEARED: Omit<SourceColumns, "sourceKind"> = { folderPath: null };

interface SourceKindHandler<S extends ProjectSource> {
  /** Refuses a source that cannot be saved (RegistryError 400), before anything is written. */
  validate(source: S, roots: string[] | undefined): void;
  /** The project already has exactly this source (saving it would change nothing). */
  isCurrent(source: S, current: SourceColumns): boolean;
  /** This kind's columns (the others are cleared). */
  columns(source: S): Partial<SourceColumns>;
  /** Written in the project's transaction once its columns are saved (an upload's bundle). */
  save?(tx: Prisma.TransactionClient, projectId: string, source: S, actorId: string | null): Promise<void>;
}

type Handlers = { [K in SourceKind]: SourceKindHandler<Extract<ProjectSource, { kind: K }>> };

const HANDLERS: Handlers = {
  folder: {
    // The same rules on creation and on edit: absolute, an existing folder, under RUNWAY_SOURCE_ROOTS.
    validate: (source, roots) => validateFolderSource(source.path, roots),
    isCurrent: (source, current) => current.sourceKind === "folder" && current.folderPath === source.path,
    columns: (source) => ({ folderPath: source.path }),
  },
  // A git source needs the network to be checked (access, the ref, the folder at its tip): the edit and create
  // paths plan it with lib/git-source/git-settings.ts before their transaction; its settings live in GitSource.
  git: {
    validate: () => {},
    isCurrent: () => false,
    columns: () => ({}),
  },
  upload: {
    validate: (source) => void validateBundleFiles(source.files),
    // Files sent are a new version, even when identical to the last one (as an upload is).
    isCurrent: () => false,
    columns: () => ({}),
    // The files become the project's next bundle version; earlier versions stay as they were.
    async save(tx, projectId, source, actorId) {
      const { migrationCount } = validateBundleFiles(source.files);
      const latest = await tx.migrationBundle.findFirst({ where: { projectId }, orderBy: { version: "desc" } });
      await tx.migrationBundle.create({
        data: {
          projectId,
          version: (latest?.version ?? 0) + 1,
          files: source.files,
          checksum: computeBundleChecksum(source.files),
          migrationCount,
          uploadedById: actorId,
        },
      });
    },
  },
};

function handlerOf<S extends ProjectSource>(source: S): SourceKindHandler<S> {
  const handler = (HANDLERS as Record<string, SourceKindHandler<S> | undefined>)[source.kind];
  if (!handler) throw new RegistryError("invalid", "invalid_source", `Unknown source kind "${String(source.kind)}".`);
  return handler;
}

/** Checks a source as it would be saved (folder under the roots, upload a migrations folder). */
export function validateProjectSource(source: ProjectSource, roots: string[] | undefined): void {
  handlerOf(source).validate(source, roots);
}

export function isCurrentSource(source: ProjectSource, current: SourceColumns): boolean {
  return handlerOf(source).isCurrent(source, current);
}

/** The columns to write for this source: its kind, its own columns, the other kinds' cleared. */
export function sourceColumns(source: ProjectSource): SourceColumns {
  return { ...CLEARED, ...handlerOf(source).columns(source), sourceKind: source.kind };
}

/** What a kind stores beside the project's columns, in the same transaction. */
export async function saveSourceExtras(
  tx: Prisma.TransactionClient,
  projectId: string,
  source: ProjectSource,
  actorId: string | null,
): Promise<void> {
  await handlerOf(source).save?.(tx, projectId, source, actorId);
}
