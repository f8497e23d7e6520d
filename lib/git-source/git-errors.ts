// Why a git fetch failed, in words an admin can act on: recorded on the project ("last fetch failed: …") and
// returned as a 4xx when the admin is there (creating the project, "Fetch now"). Never a stack, never a secret.
import { RegistryError } from "../environments/errors";
import { redactText } from "../audit/redact-audit";

function nodeCode(error: unknown): string | undefined {
  let current = error as { code?: string; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === "string" && /^E[A-Z_]+$|^ERR_/.test(current.code)) return current.code;
    current = current.cause as typeof current;
  }
  return undefined;
}

/** Any error of a fetch as a RegistryError (unprocessable unless it already says otherwise). */
export function toGitError(error: unknown, timeoutMs: number): RegistryError {
  if (error instanceof RegistryError) return error;
  const e = error as { name?: string; code?: string; message?: string; data?: { statusCode?: number } };
  const fail = (code: string, message: string) => new RegistryError("unprocessable", code, message, { cause: error });
  if (e.name === "AbortError" || nodeCode(error) === "ABORT_ERR")
    return fail("git_timeout", `The fetch took longer than ${+(timeoutMs / 1000).toFixed(1)} s and was stopped.`);
  switch (nodeCode(error)) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return fail("git_unreachable", "The git host does not resolve (DNS): check the repository URL.");
    case "ECONNREFUSED":
      return fail("git_unreachable", "The git server refused the connection: check the URL and its port.");
    case "ECONNRESET":
    case "EPIPE":
      return fail("git_unreachable", "The git server closed the connection mid-fetch.");
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return fail("git_unreachable", "The git server cannot be reached from the Runway server.");
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "CERT_HAS_EXPIRED":
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return fail(
        "git_tls",
        "The git server's TLS certificate is not trusted (self-signed, expired or for another name): NODE_EXTRA_CA_CERTS adds a private CA.",
      );
  }
  if (e.code === "HttpError") {
    const status = e.data?.statusCode;
    if (status === 404) return fail("git_not_found", "No repository at this URL (HTTP 404).");
    return fail("git_http_error", `The git server answered HTTP ${status ?? "?"}.`);
  }
  if (e.code === "SmartHttpError" || e.code === "ParseError" || e.code === "EmptyServerResponseError")
    return fail(
      "git_not_a_repository",
      "The server does not answer as a git repository over smart HTTP: check the URL (it usually ends in .git).",
    );
  if (e.code === "UnsafeFilepathError")
    return fail("git_unsafe_path", "The repository holds an unsafe path (`..`, `.git`): refused.");
  return fail("git_fetch_failed", `The fetch failed: ${redactText(String(e.message ?? error)).slice(0, 500)}`);
}
