// Reaching a git source's repository, three ways behind one interface:
// - https/http: isomorphic-git over the guarded transport (target policy, deadline, byte cap), into a bare
//   clone cache under RUNWAY_DATA_DIR/git;
// - a local path: read in place with isomorphic-git, only under RUNWAY_SOURCE_ROOTS (symlinks resolved);
// - ssh: isomorphic-git has no ssh transport, so the system's git and OpenSSH fetch into the same cache, with the
//   deploy key in a 0600 file that exists only for the fetch (lib/git-source/ssh-fetch.ts).
import fs from "node:fs";
import path from "node:path";
import git from "isomorphic-git";
import { RegistryError } from "../environments/errors";
import { resolveWithinRoots } from "../environments/source-roots";
import type { TargetPolicy } from "../migrations/target-policy";
import type { GitCredentials } from "./git-secrets";
import { createGuardedHttp } from "./guarded-http";
import { refCandidates, type GitRepository } from "./repository";
import { sshFetch, sshListRefs } from "./ssh-fetch";

/** Where each fetched tip is kept in the cache (any object may be stored under refs/runway/, tags too). */
export const FETCHED_REF = "refs/runway/head";

export interface RemoteRef {
  fullRef: string;
  /** What the ref points at: a commit, or an annotated tag. */
  oid: string;
  /** The commit, when the server says (peeled tags); else null until fetched. */
  commit: string | null;
}

export interface GitAccess {
  /** Where objects are read from: the clone cache, or the local repository itself. */
  gitdir: string;
  /** Finds the ref on the remote (a branch before a tag, as git does). */
  lookup(ref: string): Promise<RemoteRef>;
  /** Makes the ref's tip readable in `gitdir`; returns the object it points at. `depth` null: everything new. */
  fetch(fullRef: string, depth: number | null): Promise<string>;
}

export interface GitAccessOptions {
  repository: GitRepository;
  credentials: GitCredentials | null;
  /** The bare clone cache of this source (remote transports). */
  cacheDir: string;
  /** RUNWAY_SOURCE_ROOTS; unset: any local path (tests, benchmarks). */
  sourceRoots?: string[];
  signal: AbortSignal;
  maxFetchBytes: number;
  policy?: TargetPolicy;
}

function notFoundRef(ref: string): RegistryError {
  return new RegistryError(
    "unprocessable",
    "git_ref_not_found",
    `The repository has no branch or tag "${ref.slice(0, 255)}".`,
  );
}

export async function ensureBareCache(cacheDir: string): Promise<boolean> {
  if (fs.existsSync(path.join(cacheDir, "HEAD"))) return false;
  fs.mkdirSync(cacheDir, { recursive: true });
  await git.init({ fs, gitdir: cacheDir, bare: true });
  // isomorphic-git records the branches it fetches under this refspec (the tip Runway reads is FETCHED_REF).
  await git.setConfig({
    fs,
    gitdir: cacheDir,
    path: "remote.origin.fetch",
    value: "+refs/heads/*:refs/remotes/origin/*",
  });
  return true;
}

export function openGitAccess(options: GitAccessOptions): GitAccess {
  switch (options.repository.transport) {
    case "local":
      return openLocal(options);
    case "ssh":
      return openSsh(options);
    default:
      return openHttp(options);
  }
}

function openHttp(options: GitAccessOptions): GitAccess {
  const http = createGuardedHttp({ maxBytes: options.maxFetchBytes, signal: options.signal, policy: options.policy });
  const url = options.repository.location;
  const credentials = options.credentials?.kind === "https" ? options.credentials : null;
  const state = { asked: false, refused: false };
  // Sent from the first request (as git does with stored credentials), rather than after a 401 round trip.
  const headers: Record<string, string> = credentials
    ? {
        authorization: `Basic ${Buffer.from(`${credentials.username || "x-access-token"}:${credentials.token}`).toString("base64")}`,
      }
    : {};
  const auth = {
    onAuth: () => {
      state.asked = true;
      if (!credentials) return { cancel: true };
      return { username: credentials.username || "x-access-token", password: credentials.token };
    },
    onAuthFailure: () => {
      state.refused = true;
      return { cancel: true };
    },
  };
  const explain = (error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === "UserCanceledError" || (code === "HttpError" && isAuthStatus(error)))
      return new RegistryError(
        "unprocessable",
        "git_auth_failed",
        credentials && (state.refused || state.asked)
          ? "The git server refused the credentials (HTTP 401/403): check the token, its username and its read access to this repository."
          : "The git server asks for credentials (HTTP 401): add a token with read access to this repository.",
      );
    return error;
  };
  return {
    gitdir: options.cacheDir,
    async lookup(ref) {
      let refs: Awaited<ReturnType<typeof git.listServerRefs>>;
      try {
        refs = await git.listServerRefs({ http, url, headers, protocolVersion: 1, peelTags: true, ...auth });
      } catch (error) {
        throw explain(error);
      }
      for (const candidate of refCandidates(ref)) {
        const found = refs.find((r) => r.ref === candidate);
        // Annotated tags come with the commit they point at; anything else points at a commit itself.
        if (found) return { fullRef: candidate, oid: found.oid, commit: found.peeled ?? found.oid };
      }
      throw notFoundRef(ref);
    },
    async fetch(fullRef, depth) {
      await ensureBareCache(options.cacheDir);
      try {
        const result = await git.fetch({
          fs,
          http,
          gitdir: options.cacheDir,
          url,
          ref: FETCHED_REF,
          remoteRef: fullRef,
          singleBranch: true,
          tags: false,
          depth: depth ?? undefined,
          headers,
          ...auth,
        });
        if (!result.fetchHead) throw notFoundRef(fullRef);
        await git.writeRef({ fs, gitdir: options.cacheDir, ref: FETCHED_REF, value: result.fetchHead, force: true });
        return result.fetchHead;
      } catch (error) {
        throw explain(error);
      }
    },
  };
}

function isAuthStatus(error: unknown): boolean {
  const status = (error as { data?: { statusCode?: number } }).data?.statusCode;
  return status === 401 || status === 403;
}

/** The git directory of a repository on this server: `<path>/.git`, or the path itself when it is bare. */
export function findLocalGitdir(location: string, sourceRoots: string[] | undefined): string {
  const outside = () =>
    new RegistryError(
      "invalid",
      "folder_outside_roots",
      `${location.slice(0, 200)} is outside the folders Runway may read (RUNWAY_SOURCE_ROOTS), or does not exist.`,
    );
  const real = sourceRoots ? resolveWithinRoots(location, sourceRoots) : realpathOrNull(location);
  if (!real) throw outside();
  const dotGit = path.join(real, ".git");
  let gitdir = real;
  if (fs.existsSync(dotGit)) {
    if (!fs.statSync(dotGit).isDirectory())
      throw new RegistryError(
        "invalid",
        "not_a_repository",
        `${location.slice(0, 200)} is a linked worktree or a submodule (.git is a file): enter the main repository's path.`,
      );
    gitdir = dotGit;
    // .git itself may be a symlink to elsewhere: it must stay under the roots too.
    if (sourceRoots && !resolveWithinRoots(gitdir, sourceRoots)) throw outside();
  }
  if (!fs.existsSync(path.join(gitdir, "HEAD")) || !fs.existsSync(path.join(gitdir, "objects")))
    throw new RegistryError(
      "invalid",
      "not_a_repository",
      `${location.slice(0, 200)} is not a git repository (no .git folder, and not a bare repository).`,
    );
  return fs.realpathSync(gitdir);
}

function realpathOrNull(location: string): string | null {
  try {
    return fs.realpathSync(location);
  } catch {
    return null;
  }
}

function openLocal(options: GitAccessOptions): GitAccess {
  const gitdir = findLocalGitdir(options.repository.location, options.sourceRoots);
  return {
    gitdir,
    async lookup(ref) {
      for (const candidate of refCandidates(ref)) {
        try {
          const oid = await git.resolveRef({ fs, gitdir, ref: candidate });
          return { fullRef: candidate, oid, commit: null };
        } catch (error) {
          if ((error as { code?: string }).code !== "NotFoundError") throw error;
        }
      }
      throw notFoundRef(ref);
    },
    async fetch(fullRef) {
      // Nothing to fetch: the repository is read in place.
      return git.resolveRef({ fs, gitdir, ref: fullRef });
    },
  };
}

function openSsh(options: GitAccessOptions): GitAccess {
  const ssh = {
    repository: options.repository,
    privateKey: options.credentials?.kind === "ssh" ? options.credentials.privateKey : null,
    cacheDir: options.cacheDir,
    signal: options.signal,
    maxFetchBytes: options.maxFetchBytes,
    policy: options.policy,
  };
  return {
    gitdir: options.cacheDir,
    async lookup(ref) {
      const candidates = refCandidates(ref);
      const refs = await sshListRefs(ssh, candidates);
      for (const candidate of candidates) {
        const oid = refs.get(candidate);
        if (oid) return { fullRef: candidate, oid, commit: refs.get(`${candidate}^{}`) ?? oid };
      }
      throw notFoundRef(ref);
    },
    async fetch(fullRef, depth) {
      await ensureBareCache(options.cacheDir);
      await sshFetch(ssh, fullRef, FETCHED_REF, depth);
      return git.resolveRef({ fs, gitdir: options.cacheDir, ref: FETCHED_REF });
    },
  };
}
