// The one wrapper every route handler uses: session and role, same-origin check for writes, body size limit,
// zod validation of params, query string and body, and one mapping from errors to JSON responses.
import "server-only";
import { z } from "zod";
import type { Actor, RequestOrigin } from "../actions/actor";
import { ActionRefused } from "../actions/errors";
import { parseQuery } from "../api/schemas";
import { hasRole, type Role } from "../api/roles";
import { RegistryError } from "../environments/errors";
import { MigrateError } from "../migrations/errors";
import { redactSecrets } from "../migrations/database-url";
import { authenticateApiToken } from "./api-tokens";
import { readClientAddress } from "./client-address";
import { getPrisma } from "./db";
import { HttpError } from "./http-error";
import { parseJsonText } from "./json-body";
import { decodeUtf8, DEFAULT_BODY_LIMIT, readBodyWithin, readTextWithin } from "./read-body";
import { getSessionUser } from "./session";

export { HttpError };

export interface RouteContext<P, B, Q> {
  actor: Actor;
  origin: RequestOrigin;
  params: P;
  query: Q;
  body: B;
  /** The body's bytes as they arrived (within the limit): signed routes only, for what the signature covers. */
  rawBody: Buffer | null;
  request: Request;
}

/**
 * A caller without a session or token that proves itself with a shared secret (a push webhook): given the raw
 * body (within the limit) and the headers, the actor it acts as, or null for 401 (nothing else runs).
 */
export type SignatureCheck<P> = (request: { params: P; body: Buffer; headers: Headers }) => Promise<Actor | null>;

/** Who may call: a role (sessions and API tokens), or a signature check instead of any session. */
type RouteAccess<P> = { role: Role; signature?: undefined } | { signature: SignatureCheck<P>; role?: undefined };

type RouteOptions<P, B, Q> = RouteAccess<P> & {
  params?: z.ZodType<P>;
  /** The query string (first value of each name; empty values count as absent). */
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  maxBodyBytes?: number;
  /** The status of a successful answer that is not a Response (201 for creations, 202 for accepted work). */
  status?: number;
  /** Release tokens may call this route (they are refused everywhere else); the handler checks their projects. */
  releaseTokens?: boolean;
};

export function jsonError(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return Response.json({ error: { code, message, ...extra } }, { status, headers: { "Cache-Control": "no-store" } });
}

const REGISTRY_STATUS = { not_found: 404, conflict: 409, invalid: 400, unprocessable: 422, forbidden: 403 } as const;

/** HTTP status for Prisma's codes: bad input 400, wrong state 409, unreachable target 422. */
function statusForMigrateError(code: string): number {
  if (code === "P1013" || code === "RW_INVALID_NAME") return 400;
  if (code === "RW_TARGET_REFUSED") return 403;
  if (/^P1/.test(code) || code === "RW_DATABASE") return 422;
  if (/^P3/.test(code)) return 409;
  return 500;
}

/**
 * Next compiles a module into every server bundle that imports it (instrumentation.ts, each route), while the
 * services live on globalThis: an error thrown by a service that another bundle created is not `instanceof` this
 * bundle's copy of its class. Each error class names itself (`this.name`), and the name survives the copy.
 */
function isError<T extends Error>(
  error: unknown,
  type: abstract new (...args: never[]) => T,
  name: string,
): error is T {
  return error instanceof type || (error instanceof Error && error.name === name);
}

export function toErrorResponse(error: unknown): Response {
  if (isError(error, HttpError, "HttpError")) return jsonError(error.status, error.code, error.message);
  if (isError(error, RegistryError, "RegistryError"))
    return jsonError(REGISTRY_STATUS[error.kind], error.code, error.message);
  if (isError(error, ActionRefused, "ActionRefused"))
    return jsonError(error.status, error.code, redactSecrets(error.message));
  if (isError(error, MigrateError, "MigrateError"))
    return jsonError(statusForMigrateError(error.code), error.code, redactSecrets(error.message));
  if (isError(error, z.ZodError, "ZodError"))
    return jsonError(400, "invalid_input", "The request is not valid.", {
      issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  console.error(
    "[runway] unexpected error:",
    redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error)),
  );
  return jsonError(500, "internal", "Something went wrong on the server. The error was logged.");
}

/** Browsers mark cross-site requests; scripts (no Origin, no Sec-Fetch-Site) are allowed with their session or token. */
function isCrossSite(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** A bearer token when the request carries one; otherwise the next-auth session. */
async function identifyActor(request: Request): Promise<Actor | null> {
  const authorization = request.headers.get("authorization");
  if (authorization?.startsWith("Bearer ")) return authenticateApiToken(getPrisma(), authorization.slice(7).trim());
  const user = await getSessionUser();
  return user ? { key: `user:${user.id}`, label: user.email, role: user.role, userId: user.id } : null;
}

export function readOrigin(request: Request): RequestOrigin {
  return {
    clientAddress: readClientAddress(request),
    userAgent: request.headers.get("user-agent")?.slice(0, 500) ?? null,
  };
}

const JSON_TYPE = /^application\/json\b/i;

function unsupportedMediaType(): HttpError {
  return new HttpError(400, "unsupported_media_type", "Send the body as JSON (Content-Type: application/json).");
}

async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  if (!JSON_TYPE.test(request.headers.get("content-type") ?? "")) throw unsupportedMediaType();
  return parseJsonText(await readTextWithin(request, limit));
}

/** A write that takes no body (approve, DELETE): a content type other than JSON is refused, any body is limited. */
async function refuseUnexpectedBody(request: Request, limit: number): Promise<void> {
  const type = request.headers.get("content-type");
  if (type && !JSON_TYPE.test(type)) throw unsupportedMediaType();
  await readBodyWithin(request, limit);
}

/**
 * `R` is the route's response type (lib/api/responses.ts): annotate the handler's result with it, and the hook
 * that calls the route reads the same type.
 */
export function route<R extends object, P = Record<string, never>, B = undefined, Q = Record<string, never>>(
  options: RouteOptions<P, B, Q>,
  handler: (context: RouteContext<P, B, Q>) => Promise<Response | R>,
) {
  return async (request: Request, segment: { params: Promise<unknown> }): Promise<Response> => {
    try {
      if (options.signature) return await signedRoute(options, handler, request, segment);
      const writes = !["GET", "HEAD", "OPTIONS"].includes(request.method);
      if (writes && isCrossSite(request)) return jsonError(403, "cross_site", "Cross-site requests are refused.");
      const actor = await identifyActor(request);
      if (!actor)
        return jsonError(401, "unauthenticated", "Sign in first, or send a valid API token (Authorization: Bearer).");
      if (actor.releaseProjectIds && !options.releaseTokens)
        return jsonError(
          403,
          "release_token_only",
          "This is a release token: it can only push releases (POST /api/releases) and fetch the CLI (GET /api/cli).",
        );
      if (!actor.releaseProjectIds && !hasRole(actor.role, options.role!))
        return jsonError(403, "forbidden", `This needs the ${options.role} role; you are ${actor.role}.`);
      const params = (options.params ? options.params.parse(await segment.params) : {}) as P;
      const query = (options.query ? parseQuery(options.query, new URL(request.url).searchParams) : {}) as Q;
      const limit = options.maxBodyBytes ?? DEFAULT_BODY_LIMIT;
      if (writes && !options.body) await refuseUnexpectedBody(request, limit);
      const body = (options.body ? options.body.parse(await readJsonBody(request, limit)) : undefined) as B;
      const result = await handler({ actor, origin: readOrigin(request), params, query, body, rawBody: null, request });
      if (result instanceof Response) return result;
      return Response.json(result, { status: options.status ?? 200, headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/**
 * A route called by another server with a shared secret rather than a session: no cookie is read (so no
 * cross-site check is needed), the body is read raw within the limit, and the signature is checked on exactly
 * those bytes before anything else runs.
 */
async function signedRoute<R extends object, P, B, Q>(
  options: RouteOptions<P, B, Q> & { signature: SignatureCheck<P> },
  handler: (context: RouteContext<P, B, Q>) => Promise<Response | R>,
  request: Request,
  segment: { params: Promise<unknown> },
): Promise<Response> {
  const params = (options.params ? options.params.parse(await segment.params) : {}) as P;
  const query = (options.query ? parseQuery(options.query, new URL(request.url).searchParams) : {}) as Q;
  const rawBody = await readBodyWithin(request, options.maxBodyBytes ?? DEFAULT_BODY_LIMIT);
  const actor = await options.signature({ params, body: rawBody, headers: request.headers });
  if (!actor)
    return jsonError(401, "invalid_signature", "The signature or shared secret is missing or wrong: nothing was done.");
  let body = undefined as B;
  if (options.body) {
    if (!JSON_TYPE.test(request.headers.get("content-type") ?? "")) throw unsupportedMediaType();
    body = options.body.parse(parseJsonText(decodeUtf8(rawBody)));
  }
  const result = await handler({ actor, origin: readOrigin(request), params, query, body, rawBody, request });
  if (result instanceof Response) return result;
  return Response.json(result, { status: options.status ?? 200, headers: { "Cache-Control": "no-store" } });
}
