// What a git source's repository field may be: an https (or http) URL, an ssh URL (ssh://… or the scp-like
// git@host:path), or an absolute path on the Runway server. Credentials never live in the URL: it is shown to
// every viewer, so they go in their own, encrypted, fields.
import path from "node:path";
import { RegistryError } from "../environments/errors";

export type GitTransport = "https" | "http" | "ssh" | "local";

export interface GitRepository {
  transport: GitTransport;
  /** What git connects to: the URL, or the absolute path. */
  location: string;
  /** The host and port for the target policy (null for a local path). */
  host: string | null;
  port: number | null;
}

function invalid(message: string): RegistryError {
  return new RegistryError("invalid", "invalid_repository", message);
}

/** `user@host:path` (no scheme; the colon comes before any slash): git's scp-like ssh syntax. */
const SCP_LIKE = /^(?:([^@/\s]+)@)?(\[[^\]]+\]|[^:/\s]+):(?!\/\/)(.+)$/;

export function parseRepository(raw: string): GitRepository {
  const value = raw.trim();
  if (value.includes("\u0000") || /\s/.test(value)) throw invalid("The repository must not contain spaces.");
  if (value.startsWith("/")) {
    if (value.split("/").includes("..")) throw invalid("The repository path must not contain `..`.");
    return { transport: "local", location: path.normalize(value).replace(/\/+$/, "") || "/", host: null, port: null };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === "https" || scheme === "http") {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw invalid(`"${value.slice(0, 200)}" is not a valid URL.`);
    }
    if (url.username || url.password)
      throw invalid(
        "Put the username and token in the credentials fields, not in the URL: Runway encrypts them there, while the URL is shown to every viewer.",
      );
    url.hash = "";
    return {
      transport: scheme,
      location: url.toString(),
      host: url.hostname.replace(/^\[|\]$/g, ""),
      port: Number(url.port || (scheme === "https" ? 443 : 80)),
    };
  }
  if (scheme === "ssh" || scheme === "git+ssh" || scheme === "ssh+git") {
    let url: URL;
    try {
      url = new URL(value.replace(/^[a-z+]+:/i, "ssh:"));
    } catch {
      throw invalid(`"${value.slice(0, 200)}" is not a valid ssh URL.`);
    }
    if (url.password) throw invalid("An ssh URL takes no password: add a deploy key in the credentials instead.");
    if (url.hostname.startsWith("-") || url.username.startsWith("-")) throw invalid("That ssh URL is not valid.");
    return {
      transport: "ssh",
      location: url.toString(),
      host: url.hostname.replace(/^\[|\]$/g, ""),
      port: Number(url.port || 22),
    };
  }
  if (scheme === "file") throw invalid("For a repository on the Runway server, enter its absolute path.");
  if (scheme)
    throw invalid(
      `Runway fetches over https or ssh, or reads a path on its server; ${scheme}:// is not supported (git:// is unauthenticated and unencrypted).`,
    );
  const scp = SCP_LIKE.exec(value);
  if (scp) {
    const host = scp[2].replace(/^\[|\]$/g, "");
    // A host or user starting with "-" would reach ssh as an option.
    if (host.startsWith("-") || scp[1]?.startsWith("-"))
      throw invalid(`"${value.slice(0, 200)}" is not a valid repository.`);
    if (host.includes(":") && !scp[2].startsWith("["))
      throw invalid(`"${value.slice(0, 200)}" is not a valid repository.`);
    return { transport: "ssh", location: value, host, port: 22 };
  }
  throw invalid(
    `"${value.slice(0, 200)}" is not a repository Runway can read: enter an https URL (https://github.com/org/app.git), an ssh URL (git@github.com:org/app.git) or an absolute path on the server.`,
  );
}

/** The short name of a full ref (refs/heads/main → main) and whether it is a branch or a tag. */
export function describeRef(fullRef: string): { name: string; kind: "branch" | "tag" } {
  if (fullRef.startsWith("refs/tags/")) return { name: fullRef.slice("refs/tags/".length), kind: "tag" };
  if (fullRef.startsWith("refs/heads/")) return { name: fullRef.slice("refs/heads/".length), kind: "branch" };
  return { name: fullRef, kind: "branch" };
}

/** The full refs a name the admin typed may stand for, in git's order (a branch before a tag). */
export function refCandidates(ref: string): string[] {
  return ref.startsWith("refs/") ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`];
}
