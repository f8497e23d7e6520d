// Loads a project's migrations source: a folder on the server, or the latest uploaded bundle.
import fs, { type Dirent } from "node:fs";
import path from "node:path";
import { computeChecksum } from "../migrations/checksum";
import {
  LOCKFILE_NAME,
  MIGRATION_FILE_NAME,
  MigrationsFolderError,
  compareByteOrder,
  parseLockfileProvider,
  readMigrationsFolder,
  validateMigrationName,
} from "../migrations/folder";
import type { LocalMigration, MigrationsFolder } from "../migrations/types";
import { materializeBundle, type BundleFiles } from "./bundles";
import type { RegistryContext } from "./registry";
import type { MigrationSourceView } from "./views";

export interface LoadedSource {
  view: MigrationSourceView;
  /** null when the source cannot be read; `view.error` says why. */
  folder: MigrationsFolder | null;
}

type ProjectSource = { id: string; sourceKind: "folder" | "upload"; folderPath: string | null };

function emptyView(kind: "folder" | "upload", label: string, error: string | null): MigrationSourceView {
  return { kind, label, bundleVersion: null, bundleChecksum: null, bundleUploadedAt: null, migrationCount: 0, problems: [], error };
}

export async function loadMigrationsSource(ctx: RegistryContext, project: ProjectSource): Promise<LoadedSource> {
  if (project.sourceKind === "folder") {
    const label = `folder ${project.folderPath ?? "(none)"}`;
    if (!project.folderPath) return { folder: null, view: emptyView("folder", label, "The project has no migrations folder set.") };
    try {
      const folder = await readFolder(project.folderPath);
      return { folder, view: { ...emptyView("folder", label, null), migrationCount: folder.migrations.length, problems: folder.problems } };
    } catch (error) {
      if (!(error instanceof MigrationsFolderError)) throw error;
      const message = `${error.message} The migrations folder may have been moved or deleted on the server: fix the path or re-register the project. Database state is still shown; local comparisons are not.`;
      return { folder: null, view: emptyView("folder", label, message) };
    }
  }
  const bundle = await ctx.prisma.migrationBundle.findFirst({ where: { projectId: project.id }, orderBy: { version: "desc" } });
  if (!bundle) return { folder: null, view: emptyView("upload", "no bundle", "No migrations uploaded yet: an admin uploads the prisma/migrations folder.") };
  const folder = await readFolder(materializeBundle(bundle.id, bundle.files as BundleFiles));
  return {
    folder,
    view: {
      kind: "upload",
      label: `bundle v${bundle.version} (sha256 ${bundle.checksum.slice(0, 12)})`,
      bundleVersion: bundle.version,
      bundleChecksum: bundle.checksum,
      bundleUploadedAt: bundle.createdAt.toISOString(),
      migrationCount: folder.migrations.length,
      problems: folder.problems,
      error: null,
    },
  };
}

/** Files read at once: enough to keep libuv's thread pool busy, far below any open-file limit. */
const READ_CONCURRENCY = 32;

/**
 * The same result as readMigrationsFolder, faster. That one reads one file after another through fs/promises
 * (a 1,000-migration folder: ~200 ms of wall time and as much CPU, on the critical path of every cold overview);
 * this reads READ_CONCURRENCY files at a time with the callback API (~10 ms). It only handles a clean folder: valid
 * migration folders each with a readable migration.sql, the lock file, dotfiles. Anything else (a stray file, an
 * invalid name, a missing or unreadable file, an unusable folder) goes to readMigrationsFolder, which stays the one
 * definition of the problems and errors a folder can have.
 */
export async function readFolder(dir: string): Promise<MigrationsFolder> {
  const absolute = path.resolve(dir);
  const entries = await new Promise<Dirent[] | null>((resolve) =>
    fs.readdir(absolute, { withFileTypes: true }, (error, found) => resolve(error ? null : found)),
  );
  if (!entries) return readMigrationsFolder(dir);
  // Byte order of the UTF-8 names, as readMigrationsFolder; for names without surrogates that is plain string order.
  if (entries.some((entry) => /[\uD800-\uDFFF]/.test(entry.name))) entries.sort((a, b) => compareByteOrder(a.name, b.name));
  else entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const migrationNames: string[] = [];
  let hasLockfile = false;
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    if (entry.isDirectory()) {
      if (validateMigrationName(entry.name) !== null) return readMigrationsFolder(dir);
      migrationNames.push(entry.name);
    } else if (entry.name === LOCKFILE_NAME) hasLockfile = true;
    else return readMigrationsFolder(dir);
  }

  const migrations: LocalMigration[] = new Array(migrationNames.length);
  let failed = false;
  let next = 0;
  const worker = async () => {
    while (!failed && next < migrationNames.length) {
      const i = next++;
      const bytes = await readFileBytes(path.join(absolute, migrationNames[i], MIGRATION_FILE_NAME));
      if (bytes === null) failed = true;
      else migrations[i] = { name: migrationNames[i], sql: bytes.toString("utf8"), checksum: computeChecksum(bytes) };
    }
  };
  const [lockfileBytes] = await Promise.all([
    hasLockfile ? readFileBytes(path.join(absolute, LOCKFILE_NAME)) : null,
    ...Array.from({ length: Math.min(READ_CONCURRENCY, migrationNames.length) }, worker),
  ]);
  if (failed || (hasLockfile && lockfileBytes === null)) return readMigrationsFolder(dir);
  const content = lockfileBytes?.toString("utf8");
  return {
    dir: absolute,
    migrations,
    lockfile: content === undefined ? null : { provider: parseLockfileProvider(content), content },
    problems: [],
  };
}

function readFileBytes(file: string): Promise<Buffer | null> {
  return new Promise((resolve) => fs.readFile(file, (error, bytes) => resolve(error ? null : bytes)));
}
