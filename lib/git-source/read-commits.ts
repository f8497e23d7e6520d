// Reading a fetched repository with isomorphic-git: the commits a fetch brought (first parents, oldest first)
// and the migrations folder at a commit, bounded against a hostile repository: no symlink or submodule in the
// migrations path, no unsafe names (`..`), text files within the bundle limits only, valid UTF-8.
import fs from "node:fs";
import git from "isomorphic-git";
import { BUNDLE_LIMITS, validateBundleFiles, type BundleFiles } from "../environments/bundles";
import { RegistryError } from "../environments/errors";

/** What is wrong with the migrations a commit holds: recorded on the project, that commit not released. */
export class GitContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GitContentError";
  }
}

export interface CommitInfo {
  sha: string;
  author: string;
  message: string;
  committedAt: Date;
}

export interface ReadContext {
  gitdir: string;
  /** isomorphic-git's cache: the pack indexes, read once per fetch. */
  cache: object;
}

const SYMLINK = "120000";
const SUBMODULE = "160000";
const utf8 = new TextDecoder("utf-8", { fatal: true });

export const short = (sha: string) => sha.slice(0, 7);

function isMissing(error: unknown): boolean {
  return (error as { code?: string }).code === "NotFoundError";
}

function unsafeName(error: unknown): string | null {
  const e = error as { code?: string; data?: { filepath?: string } };
  return e.code === "UnsafeFilepathError" ? (e.data?.filepath ?? "?") : null;
}

/** The commit a ref's object stands for: annotated tags are peeled. */
export async function peelToCommit(ctx: ReadContext, oid: string): Promise<string> {
  let current = oid;
  for (let depth = 0; depth < 10; depth++) {
    const { type } = await git.readObject({ fs, gitdir: ctx.gitdir, oid: current, cache: ctx.cache, format: "parsed" });
    if (type === "commit") return current;
    if (type !== "tag")
      throw new GitContentError(`The ref points at a ${type}, not a commit: Runway follows branches and tags.`);
    current = (await git.readTag({ fs, gitdir: ctx.gitdir, oid: current, cache: ctx.cache })).tag.object;
  }
  throw new GitContentError("The tag points at another tag, ten times over.");
}

export async function readCommitInfo(ctx: ReadContext, sha: string): Promise<CommitInfo & { parent: string | null }> {
  const { commit } = await git.readCommit({ fs, gitdir: ctx.gitdir, oid: sha, cache: ctx.cache });
  return {
    sha,
    author: `${commit.author.name} <${commit.author.email}>`.slice(0, 255),
    message: commit.message.trim().slice(0, 2000),
    committedAt: new Date(commit.committer.timestamp * 1000),
    parent: commit.parent[0] ?? null,
  };
}

/**
 * The commits from `since` (excluded) to `tip` along first parents, oldest first: the states the branch was in,
 * as a merge brings a feature branch in one step. Without `since`, or when it is not found within `limit`
 * commits (history rewritten, or the clone is shallower), only the tip.
 */
export async function listNewCommits(
  ctx: ReadContext,
  tip: string,
  since: string | null,
  limit: number,
): Promise<{ commits: CommitInfo[]; reachedSince: boolean }> {
  const tipInfo = await readCommitInfo(ctx, tip);
  if (!since) return { commits: [tipInfo], reachedSince: false };
  const walked: CommitInfo[] = [];
  let info: (CommitInfo & { parent: string | null }) | null = tipInfo;
  while (info && walked.length < limit) {
    if (info.sha === since) return { commits: walked.reverse(), reachedSince: true };
    walked.push(info);
    if (!info.parent) break;
    try {
      info = await readCommitInfo(ctx, info.parent);
    } catch (error) {
      if (isMissing(error)) break; // the shallow clone's boundary
      throw error;
    }
  }
  return { commits: [tipInfo], reachedSince: false };
}

/** The tree id of the migrations folder at a commit: equal ids, equal folders (no file need be read). */
export async function migrationsTreeAt(ctx: ReadContext, sha: string, migrationsPath: string): Promise<string> {
  const { commit } = await git.readCommit({ fs, gitdir: ctx.gitdir, oid: sha, cache: ctx.cache });
  let oid = commit.tree;
  const walked: string[] = [];
  for (const segment of migrationsPath.split("/").filter(Boolean)) {
    walked.push(segment);
    const at = walked.join("/");
    const entries = await readTreeSafely(ctx, oid, walked.slice(0, -1).join("/"));
    const entry = entries.find((e) => e.path === segment);
    if (!entry) throw new GitContentError(`${migrationsPath} does not exist at commit ${short(sha)}.`);
    if (entry.mode === SYMLINK)
      throw new GitContentError(`${at} is a symlink at commit ${short(sha)}: Runway does not follow symlinks.`);
    if (entry.type !== "tree") throw new GitContentError(`${at} is not a folder at commit ${short(sha)}.`);
    oid = entry.oid;
  }
  return oid;
}

async function readTreeSafely(ctx: ReadContext, oid: string, where: string) {
  try {
    return (await git.readTree({ fs, gitdir: ctx.gitdir, oid, cache: ctx.cache })).tree;
  } catch (error) {
    const name = unsafeName(error);
    if (name !== null)
      throw new GitContentError(
        `${where ? `${where}/` : ""}"${name.slice(0, 100)}" is not a safe path (\`..\`, \`.git\` or a separator): refused.`,
      );
    throw error;
  }
}

export interface ReadLimits {
  fileBytes: number;
  totalBytes: number;
  files: number;
}

/**
 * Migration folders already read and checked, by tree id: content-addressed (the same id is the same files, in
 * any repository), so a fetch reads only the folders a commit added or changed. Bounded, least recently used out.
 */
const readFolders = new Map<string, { sql: string; bytes: number }>();
let readFolderBytes = 0;
const READ_FOLDERS_MAX_BYTES = 64 * 1024 * 1024;

function rememberFolder(oid: string, sql: string, bytes: number) {
  readFolders.set(oid, { sql, bytes });
  readFolderBytes += bytes;
  for (const [key, entry] of readFolders) {
    if (readFolderBytes <= READ_FOLDERS_MAX_BYTES) break;
    readFolders.delete(key);
    readFolderBytes -= entry.bytes;
  }
}

function recallFolder(oid: string) {
  const entry = readFolders.get(oid);
  if (entry) {
    readFolders.delete(oid);
    readFolders.set(oid, entry);
  }
  return entry;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  fileBytes: BUNDLE_LIMITS.fileBytes,
  totalBytes: BUNDLE_LIMITS.totalBytes,
  files: BUNDLE_LIMITS.files,
};

/**
 * The migrations folder (a tree) as the file map releases store: `<migration>/migration.sql` and
 * `migration_lock.toml`. Other files are left alone, as Prisma leaves them; dot-folders are skipped, as Prisma
 * skips them.
 */
export async function readMigrationsTree(
  ctx: ReadContext,
  treeOid: string,
  migrationsPath: string,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): Promise<BundleFiles> {
  const files: BundleFiles = {};
  let total = 0;
  let fileCount = 0;
  const refuseLink = (mode: string, at: string) => {
    if (mode === SYMLINK)
      throw new GitContentError(`${at} is a symlink: Runway does not follow symlinks in the migrations folder.`);
    if (mode === SUBMODULE)
      throw new GitContentError(`${at} is a submodule: the migrations folder must hold the files themselves.`);
  };
  const count = (bytes: number, at: string) => {
    if (++fileCount > limits.files)
      throw new GitContentError(`The migrations folder holds more than ${limits.files} files.`);
    if (bytes > limits.fileBytes)
      throw new GitContentError(`${at} is larger than ${Math.round(limits.fileBytes / 1024)} KiB.`);
    total += bytes;
    if (total > limits.totalBytes)
      throw new GitContentError(
        `The migrations folder is larger than ${Math.round(limits.totalBytes / 1024 / 1024)} MiB.`,
      );
  };
  const readText = async (oid: string, at: string): Promise<{ text: string; bytes: number }> => {
    const { blob } = await git.readBlob({ fs, gitdir: ctx.gitdir, oid, cache: ctx.cache });
    count(blob.byteLength, at);
    try {
      return { text: utf8.decode(blob), bytes: blob.byteLength };
    } catch {
      throw new GitContentError(`${at} is not UTF-8 text.`);
    }
  };

  for (const entry of await readTreeSafely(ctx, treeOid, migrationsPath)) {
    const at = `${migrationsPath}/${entry.path}`;
    refuseLink(entry.mode, at);
    if (entry.type === "blob") {
      if (entry.path === "migration_lock.toml") files["migration_lock.toml"] = (await readText(entry.oid, at)).text;
      continue;
    }
    if (entry.type !== "tree" || entry.path.startsWith(".")) continue;
    const known = recallFolder(entry.oid);
    if (known) {
      count(known.bytes, `${at}/migration.sql`);
      files[`${entry.path}/migration.sql`] = known.sql;
      continue;
    }
    const inner = await readTreeSafely(ctx, entry.oid, at);
    for (const child of inner) refuseLink(child.mode, `${at}/${child.path}`);
    const sql = inner.find((child) => child.path === "migration.sql");
    if (!sql || sql.type !== "blob")
      throw new GitContentError(`${at} has no migration.sql (Prisma's migrate deploy would refuse it too: P3015).`);
    const { text, bytes } = await readText(sql.oid, `${at}/migration.sql`);
    files[`${entry.path}/migration.sql`] = text;
    rememberFolder(entry.oid, text, bytes);
  }
  if (!Object.keys(files).some((file) => file.endsWith("/migration.sql")))
    throw new GitContentError(`${migrationsPath} holds no <migration>/migration.sql.`);
  try {
    validateBundleFiles(files);
  } catch (error) {
    if (error instanceof RegistryError) throw new GitContentError(error.message);
    throw error;
  }
  return files;
}
