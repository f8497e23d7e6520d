// isomorphic-git's HTTP transport, bounded for a remote an admin chose: every connection goes through Runway's
// target policy after DNS resolution and connects to the addresses checked (as database targets do), redirects
// stay on the same host and never downgrade to http, the whole fetch has a deadline, and the bytes the server
// sends are capped (a hostile repository cannot fill the disk or hold a worker forever).
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { GitHttpRequest, GitHttpResponse, HttpClient } from "isomorphic-git";
import { RegistryError } from "../environments/errors";
import { MigrateError } from "../migrations/errors";
import { checkTarget, currentTargetPolicy, TARGET_REFUSED, type TargetPolicy } from "../migrations/target-policy";

export interface GuardedHttpOptions {
  /** Everything this client may still receive, across all its requests. */
  maxBytes: number;
  /** Aborts every request of the fetch (its deadline). */
  signal: AbortSignal;
  policy?: TargetPolicy;
}

const MAX_REDIRECTS = 5;

/** The policy's refusal as a git error (403 at creation; recorded as the fetch's error afterwards). */
export function toGitHostRefusal(error: unknown): unknown {
  if (error instanceof MigrateError && error.code === TARGET_REFUSED)
    return new RegistryError("forbidden", "git_host_refused", error.message, { cause: error });
  return error;
}

export function fetchTooLarge(maxBytes: number): RegistryError {
  return new RegistryError(
    "unprocessable",
    "git_fetch_too_large",
    `The repository sent more than ${Math.round(maxBytes / 1024 / 1024)} MiB: the fetch was stopped (RUNWAY_GIT_MAX_FETCH_MB).`,
  );
}

async function* collectBody(body: GitHttpRequest["body"]): AsyncGenerator<Uint8Array> {
  if (!body) return;
  for await (const chunk of body as AsyncIterable<Uint8Array>) yield chunk;
}

export function createGuardedHttp(options: GuardedHttpOptions): HttpClient {
  let received = 0;
  const policy = options.policy ?? currentTargetPolicy();

  async function send(url: URL, method: string, headers: Record<string, string>, body: Buffer | null) {
    const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    const addresses = await checkTarget({ host: url.hostname, port, database: "" }, policy, "git host").catch(
      (error: unknown) => {
        throw toGitHostRefusal(error);
      },
    );
    // Node's own connect over exactly the addresses checked (a name cannot resolve differently for the socket).
    const entries = addresses.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
    const lookup: net.LookupFunction = (_hostname, lookupOptions, callback) => {
      if (lookupOptions.all) (callback as unknown as (e: null, all: typeof entries) => void)(null, entries);
      else callback(null, entries[0].address, entries[0].family);
    };
    const transport = url.protocol === "https:" ? https : http;
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = transport.request(
        url,
        {
          method,
          headers: body ? { ...headers, "content-length": String(body.length) } : headers,
          lookup,
          signal: options.signal,
        },
        resolve,
      );
      request.on("error", reject);
      request.end(body ?? undefined);
    });
  }

  async function* count(response: http.IncomingMessage): AsyncGenerator<Uint8Array> {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      received += chunk.byteLength;
      if (received > options.maxBytes) {
        response.destroy();
        throw fetchTooLarge(options.maxBytes);
      }
      yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  }

  return {
    async request({ url, method = "GET", headers = {}, body }: GitHttpRequest): Promise<GitHttpResponse> {
      const chunks: Uint8Array[] = [];
      for await (const chunk of collectBody(body)) chunks.push(chunk);
      const payload = body ? Buffer.concat(chunks) : null;
      let current = new URL(url);
      for (let redirects = 0; ; redirects++) {
        if (current.protocol !== "https:" && current.protocol !== "http:")
          throw new RegistryError("invalid", "git_unsupported_url", `Runway fetches over https or http only.`);
        const response = await send(current, method, headers, payload);
        const location = response.headers.location;
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && location) {
          response.resume();
          const next = new URL(location, current);
          // Credentials go to the host the admin named, and only as securely as they chose.
          if (next.host !== current.host || (current.protocol === "https:" && next.protocol !== "https:"))
            throw new RegistryError(
              "unprocessable",
              "git_redirected",
              `The git server redirected to ${next.protocol}//${next.host}: use that URL as the repository.`,
            );
          if (redirects >= MAX_REDIRECTS)
            throw new RegistryError("unprocessable", "git_redirected", "The git server redirected too many times.");
          current = next;
          continue;
        }
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers))
          if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
        return {
          url: current.toString(),
          method,
          statusCode: status,
          statusMessage: response.statusMessage ?? "",
          headers: responseHeaders,
          body: count(response),
        };
      }
    },
  };
}
