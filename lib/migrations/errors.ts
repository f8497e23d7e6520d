// One error type for everything the migration core refuses or fails at, carrying Prisma's error code
// (or a Runway code for checks Prisma does not make) and a message a person can act on.

export const PRISMA_ERROR_TITLES: Record<string, string> = {
  P1000: "Authentication failed against the database server",
  P1001: "Can't reach the database server",
  P1002: "The database server was reached but timed out (migrate lock held by another process?)",
  P1003: "The database does not exist",
  P1008: "The operation timed out",
  P1010: "The database user was denied access",
  P1013: "The database URL is invalid",
  P3005: "The database schema is not empty and has no migration history (baseline it first)",
  P3008: "The migration is already recorded as applied",
  P3009: "Failed migrations in the target database block new migrations",
  P3011: "The migration cannot be rolled back because it was never applied",
  P3012: "The migration cannot be rolled back because it is not in a failed state",
  P3015: "A migration folder has no migration.sql file",
  P3017: "The migration could not be found in the migrations folder",
  P3018: "A migration failed to apply",
  P3019: "The migrations folder was created for another database provider",
  RW_INVALID_NAME: "Invalid migration name",
  RW_FOLDER: "The migrations folder cannot be read",
  RW_ENGINE: "The Prisma schema engine failed",
  RW_DATABASE: "The database returned an error",
  RW_TARGET_REFUSED: "Runway's target policy refuses this database",
};

export class MigrateError extends Error {
  readonly code: string;
  /** The migration the error is about, when there is one. */
  readonly migrationName: string | null;

  constructor(code: string, message: string, options: { migrationName?: string | null; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "MigrateError";
    this.code = code;
    this.migrationName = options.migrationName ?? null;
  }

  get title(): string {
    return PRISMA_ERROR_TITLES[this.code] ?? "Migration error";
  }
}

interface PgLikeError {
  code?: string;
  message?: string;
  errno?: number;
}

/** Maps a `pg` driver or network error to Prisma's connection error codes. */
export function toConnectionError(error: unknown, where: string): MigrateError {
  const e = (error ?? {}) as PgLikeError;
  const message = e.message ?? String(error);
  const code = e.code ?? "";
  if (error instanceof MigrateError) return error;
  if (code === "28P01" || code === "28000")
    return new MigrateError("P1000", `Authentication failed against the database server at ${where}: ${message}`, {
      cause: error,
    });
  if (code === "3D000")
    return new MigrateError("P1003", `Database does not exist at ${where}: ${message}`, { cause: error });
  if (code === "42501")
    return new MigrateError("P1010", `The database user was denied access at ${where}: ${message}`, { cause: error });
  if (code === "57014")
    return new MigrateError("P1008", `The query timed out at ${where} (statement timeout): ${message}`, {
      cause: error,
    });
  if (/timeout/i.test(message) || code === "ETIMEDOUT")
    return new MigrateError("P1001", `Can't reach database server at ${where}: the connection timed out (${message})`, {
      cause: error,
    });
  if (["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET"].includes(code))
    return new MigrateError("P1001", `Can't reach database server at ${where} (${code}): ${message}`, { cause: error });
  if (/^[0-9A-Z]{5}$/.test(code))
    return new MigrateError("RW_DATABASE", `Database error at ${where} (${code}): ${message}`, { cause: error });
  return new MigrateError("P1001", `Can't reach database server at ${where}: ${message}`, { cause: error });
}
