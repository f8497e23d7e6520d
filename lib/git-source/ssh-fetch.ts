// ssh remotes, through the system's git and OpenSSH (isomorphic-git has no ssh transport). Bounded as the https
// transport is: the host passes the target policy and ssh connects to the address checked (HostName, with the
// host name kept for host-key checks), the deploy key exists only during the command in a 0600 file inside a
// 0700 folder, host keys are trusted on first use and then pinned per source, the command has the fetch's
// deadline, and the pack being received is capped. No user or system git/ssh configuration is read.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RegistryError } from "../environments/errors";
import { checkTarget, currentTargetPolicy, type TargetPolicy } from "../migrations/target-policy";
import { fetchTooLarge, toGitHostRefusal } from "./guarded-http";
import type { GitRepository } from "./repository";

export interface SshRemote {
  repository: GitRepository;
  privateKey: string | null;
  /** The bare clone cache; its known-hosts file lives beside it. */
  cacheDir: string;
  signal: AbortSignal;
  maxFetchBytes: number;
  policy?: TargetPolicy;
}

let available: boolean | null = null;

/** Whether this server can fetch over ssh at all (git and ssh installed). */
export function sshTransportAvailable(): boolean {
  available ??= ["git", "ssh"].every((bin) => {
    const probe = spawnSync(bin, bin === "git" ? ["--version"] : ["-V"], { stdio: "ignore", timeout: 5000 });
    return !probe.error;
  });
  return available;
}

function unavailable(): RegistryError {
  return new RegistryError(
    "unprocessable",
    "git_ssh_unavailable",
    "ssh repositories need git and ssh installed on the Runway server, and they are not: use the https URL with a token instead.",
  );
}

const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

interface Prepared {
  env: Record<string, string | undefined>;
  cleanup(): void;
}

async function prepare(remote: SshRemote): Promise<Prepared> {
  if (!sshTransportAvailable()) throw unavailable();
  const host = remote.repository.host!;
  const addresses = await checkTarget(
    { host, port: remote.repository.port ?? 22, database: "" },
    remote.policy ?? currentTargetPolicy(),
    "git host",
  ).catch((error: unknown) => {
    throw toGitHostRefusal(error);
  });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "runway-ssh-")); // 0700
  const knownHosts = `${remote.cacheDir}.known_hosts`;
  fs.mkdirSync(path.dirname(knownHosts), { recursive: true });
  const options = [
    "-F /dev/null",
    "-o BatchMode=yes",
    "-o IdentitiesOnly=yes",
    "-o StrictHostKeyChecking=accept-new",
    `-o UserKnownHostsFile=${quote(knownHosts)}`,
    "-o ConnectTimeout=15",
    `-o HostName=${addresses[0]}`,
    `-o HostKeyAlias=${quote(host)}`,
  ];
  if (remote.privateKey) {
    const keyFile = path.join(home, "deploy_key");
    fs.writeFileSync(keyFile, `${remote.privateKey.trim()}\n`, { mode: 0o600 });
    options.push(`-i ${quote(keyFile)}`);
  }
  return {
    env: {
      PATH: process.env.PATH,
      HOME: home,
      LANG: "C",
      GIT_SSH_COMMAND: `ssh ${options.join(" ")}`,
      GIT_SSH_VARIANT: "ssh",
      GIT_TERMINAL_PROMPT: "0",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_ALLOW_PROTOCOL: "ssh",
    },
    cleanup: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}

interface RunOptions {
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  /** Checked while the command runs: returns an error to stop it with. */
  watch?: () => Error | null;
}

function runGit(args: string[], options: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      env: options.env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    let stopped: Error | null = null;
    const stop = (error: Error) => {
      stopped ??= error;
      // The whole group: git and the ssh it started.
      if (child.pid) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    };
    const onAbort = () => stop(new Error("deadline"));
    options.signal.addEventListener("abort", onAbort, { once: true });
    const watcher = options.watch
      ? setInterval(() => {
          const error = options.watch!();
          if (error) stop(error);
        }, 200)
      : null;
    child.stdout.on("data", (chunk: Buffer) => {
      if (stdout.length < 4 * 1024 * 1024) stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString("utf8");
    });
    child.on("error", (error) => reject(error));
    child.on("close", (code) => {
      options.signal.removeEventListener("abort", onAbort);
      if (watcher) clearInterval(watcher);
      if (stopped) {
        if (stopped.message === "deadline") {
          const abort = new Error("The fetch was stopped at its deadline.");
          abort.name = "AbortError";
          return reject(abort);
        }
        return reject(stopped);
      }
      if (code === 0) return resolve(stdout);
      reject(explainSshFailure(stderr));
    });
  });
}

/** git's and ssh's own words, reduced to what an admin can act on. */
function explainSshFailure(stderr: string): RegistryError {
  const text = stderr.trim();
  const last = text.split("\n").filter(Boolean).slice(-3).join(" ").slice(0, 500);
  if (/Permission denied|publickey/i.test(text))
    return new RegistryError(
      "unprocessable",
      "git_auth_failed",
      `The ssh server refused the deploy key: check that it is added to the repository with read access (${last}).`,
    );
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(text))
    return new RegistryError(
      "unprocessable",
      "git_host_key_changed",
      "The ssh server's host key changed since Runway first connected: if that is expected, an admin removes the source's known_hosts file in RUNWAY_DATA_DIR/git.",
    );
  if (/Could not resolve hostname|Connection refused|Connection timed out|No route to host/i.test(text))
    return new RegistryError("unprocessable", "git_unreachable", `The ssh server cannot be reached: ${last}`);
  if (/not found|does not appear to be a git repository|couldn't find remote ref/i.test(text))
    return new RegistryError("unprocessable", "git_not_found", `No such repository or ref over ssh: ${last}`);
  return new RegistryError("unprocessable", "git_fetch_failed", `git over ssh failed: ${last || "no output"}`);
}

/** `git ls-remote` for the candidate refs: ref → object (annotated tags also as `<ref>^{}` → commit). */
export async function sshListRefs(remote: SshRemote, patterns: string[]): Promise<Map<string, string>> {
  const prepared = await prepare(remote);
  try {
    const out = await runGit(["ls-remote", remote.repository.location, ...patterns], {
      env: prepared.env,
      signal: remote.signal,
    });
    const refs = new Map<string, string>();
    for (const line of out.split("\n")) {
      const [oid, ref] = line.split("\t");
      if (oid && ref && /^[0-9a-f]{40}$/.test(oid)) refs.set(ref, oid);
    }
    return refs;
  } finally {
    prepared.cleanup();
  }
}

function receivedPackBytes(cacheDir: string): number {
  const dir = path.join(cacheDir, "objects", "pack");
  let total = 0;
  try {
    for (const name of fs.readdirSync(dir))
      if (name.startsWith("tmp_pack_")) total += fs.statSync(path.join(dir, name)).size;
  } catch {
    return 0;
  }
  return total;
}

export async function sshFetch(remote: SshRemote, fullRef: string, localRef: string, depth: number | null) {
  const prepared = await prepare(remote);
  try {
    await runGit(
      [
        `--git-dir=${remote.cacheDir}`,
        // Always keep what arrives as a pack (tmp_pack_*), so its size can be watched while it arrives.
        "-c",
        "fetch.unpackLimit=1",
        "-c",
        "core.hooksPath=/dev/null",
        "fetch",
        "--no-tags",
        "--no-write-fetch-head",
        ...(depth ? [`--depth=${depth}`] : []),
        remote.repository.location,
        `+${fullRef}:${localRef}`,
      ],
      {
        env: prepared.env,
        signal: remote.signal,
        watch: () =>
          receivedPackBytes(remote.cacheDir) > remote.maxFetchBytes ? fetchTooLarge(remote.maxFetchBytes) : null,
      },
    );
  } finally {
    prepared.cleanup();
  }
}
