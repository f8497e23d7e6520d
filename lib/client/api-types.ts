// Request and response shapes of the admin routes that lib/environments/views.ts does not cover.
// Mirrors the route contracts; types only.
import type { EnvironmentView, ProjectView, Role, SessionUserView } from "@/lib/environments/views";
import type { ApiTokenView } from "@/lib/server/api-tokens";

export type { EnvironmentView, ProjectView, Role, SessionUserView };

/** Relative path inside the migrations folder (`2026…_x/migration.sql`, `migration_lock.toml`) → file text. */
export type MigrationFiles = Record<string, string>;

export type ProjectSourceInput = { kind: "folder"; path: string } | { kind: "upload"; files: MigrationFiles };

export interface CreateProjectInput {
  name: string;
  source: ProjectSourceInput;
  /** Relative to the repository root (patches use it); default prisma/migrations. */
  repoMigrationsPath?: string;
}

export interface UploadBundleInput {
  projectId: string;
  files: MigrationFiles;
}

export interface BundleCreatedView {
  version: number;
  checksum: string;
  migrationCount: number;
}

export interface TestConnectionInput {
  databaseUrl: string;
  schema?: string;
  connectTimeoutMs?: number;
}

export interface TestConnectionResult {
  ok: true;
  serverVersion: string;
  hasMigrationsTable: boolean;
  migrationCount: number;
}

export interface CreateEnvironmentInput {
  projectId: string;
  name: string;
  databaseUrl: string;
  schema?: string;
  isProtected?: boolean;
  position?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
}

export interface AdminUserView extends SessionUserView {
  createdAt: string;
  disabled: boolean;
}

export interface CreateUserInput {
  email: string;
  name?: string;
  password: string;
  role: Role;
}

export interface UpdateUserInput {
  id: string;
  role?: Role;
  disabled?: boolean;
}

/** What GET /api/auth/providers returns (next-auth), keyed by provider id. */
export type AuthProviders = Record<string, { id: string; name: string; type: string; signinUrl: string; callbackUrl: string }>;

/** An API token as GET /api/tokens lists it (never the token itself). */
export type { ApiTokenView };

export interface CreateTokenInput {
  name: string;
  role: Role;
  /** ISO date-time; omitted: never expires. */
  expiresAt?: string;
}

/** POST /api/tokens → 201: the clear token, in this response only. */
export interface CreatedTokenView extends ApiTokenView {
  token: string;
}
