// Parses and validates a PostgreSQL URL the way Prisma reads it, and renders it without its password.
import type pg from "pg";
import { MigrateError } from "./errors";
import { GuardedSocket } from "./target-policy";

/** Prisma-specific query parameters that must not reach the `pg` driver. */
const PRISMA_ONLY_PARAMS = [
  "schema",
  "connection_limit",
  "pool_timeout",
  "pgbouncer",
  "statement_cache_size",
  "socket_timeout",
  "connect_timeout",
];

export interface ParsedDatabaseUrl {
  /** Connection string for `pg`, without Prisma-only parameters. */
  connectionString: string;
  /** Schema holding `_prisma_migrations` and the application's tables. */
  schema: string;
  host: string;
  port: number;
  database: string;
  user: string;
  /** `postgresql://user:****@host:port/db?schema=x`: safe to show and log. */
  display: string;
  /** Prisma's `connect_timeout` (seconds), when the URL sets one. */
  connectTimeoutSeconds: number | null;
}

export function parseDatabaseUrl(url: string): ParsedDatabaseUrl {
  if (typeof url !== "string" || url.trim() === "") throw new MigrateError("P1013", "The database URL is empty.");
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new MigrateError(
      "P1013",
      "The database URL is not a valid URL: expected postgresql://user:password@host:5432/database",
    );
  }
  if (parsed.protocol !== "postgresql:" && parsed.protocol !== "postgres:") {
    const kind = parsed.protocol.replace(/:$/, "");
    throw new MigrateError(
      "P1013",
      `The database URL must start with postgresql:// or postgres:// (got ${kind}://). Runway supports PostgreSQL only.`,
    );
  }
  if (!parsed.hostname && !parsed.searchParams.get("host"))
    throw new MigrateError(
      "P1013",
      "The database URL has no host: expected postgresql://user:password@host:5432/database",
    );
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!database)
    throw new MigrateError("P1013", "The database URL names no database: add /databasename after the host.");
  const schema = parsed.searchParams.get("schema") || "public";
  const rawTimeout = parsed.searchParams.get("connect_timeout");
  const connectTimeoutSeconds = rawTimeout && /^\d+$/.test(rawTimeout) ? Number(rawTimeout) : null;

  const forDriver = new URL(parsed.toString());
  for (const param of PRISMA_ONLY_PARAMS) forDriver.searchParams.delete(param);

  const display = new URL(parsed.toString());
  if (display.password) display.password = "****";
  for (const [key] of [...display.searchParams]) {
    if (/password|secret|token|key/i.test(key)) display.searchParams.set(key, "****");
  }

  return {
    connectionString: forDriver.toString(),
    schema,
    host: parsed.hostname || parsed.searchParams.get("host") || "",
    port: parsed.port ? Number(parsed.port) : 5432,
    database,
    user: decodeURIComponent(parsed.username),
    display: display.toString(),
    connectTimeoutSeconds,
  };
}

/** Quotes an identifier for SQL (schema names come from user input). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface ConnectionOptions {
  connectTimeoutMs?: number;
  applicationName?: string;
  /** Runway's own state database: the target policy does not apply to it. */
  ownState?: boolean;
}

/** `pg` client settings for a target: timeouts, application name, and the schema as search_path. */
export function toPgConfig(target: ParsedDatabaseUrl, options: ConnectionOptions = {}): pg.ClientConfig {
  const connectTimeoutMs = options.connectTimeoutMs ?? (target.connectTimeoutSeconds ?? 5) * 1000;
  return {
    connectionString: target.connectionString,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: options.applicationName ?? "runway",
    // Unqualified names in migration scripts resolve to the target schema, as with Prisma's `?schema=`.
    options: `-c search_path=${quoteIdentifier(target.schema).replace(/ /g, "\\ ")}`,
    // Every connection to a target goes through the target policy (lib/migrations/target-policy.ts).
    ...(options.ownState ? {} : { stream: () => new GuardedSocket(target.database) }),
  };
}

/** Removes passwords from any PostgreSQL URL found in a text (error messages, engine logs). */
export function redactSecrets(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:@\s/]*:)[^@\s]*@/gi, "$1****@");
}

/** The same server and credentials, another database (query parameters dropped). */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  parsed.search = "";
  return parsed.toString();
}
