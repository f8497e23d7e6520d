// zod schemas of route inputs, shared by the route handlers.
import { z } from "zod";

export const idParams = z.object({ id: z.string().uuid("not a valid id") });

export const migrationParams = z.object({
  id: z.string().uuid("not a valid id"),
  name: z.string().min(1).max(255),
});

const filesSchema = z.record(z.string().max(600), z.string());

export const createProjectBody = z.object({
  name: z.string().trim().min(1).max(100),
  source: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("folder"), path: z.string().trim().min(1).max(4096) }),
    z.object({ kind: z.literal("upload"), files: filesSchema }),
  ]),
  /** Relative to the repository root, e.g. apps/api/prisma/migrations (patches use it). */
  repoMigrationsPath: z
    .string()
    .trim()
    .max(300)
    .regex(/^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._@+\/-]+$/, "a relative path inside the repository, e.g. apps/api/prisma/migrations")
    .optional(),
});

export const uploadBundleBody = z.object({ files: filesSchema });

const environmentName = z.string().trim().min(1).max(50).regex(/^[\w .-]+$/, "letters, digits, spaces, dots, dashes and underscores only");
const schemaName = z.string().trim().max(63).regex(/^[^"\u0000]*$/, "must not contain quotes").optional().nullable();

export const testConnectionBody = z.object({
  databaseUrl: z.string().trim().min(1).max(4096),
  schema: schemaName,
  connectTimeoutMs: z.number().int().min(100).max(60_000).optional(),
});

export const createEnvironmentBody = z.object({
  projectId: z.string().uuid(),
  name: environmentName,
  databaseUrl: z.string().trim().min(1).max(4096),
  schema: schemaName,
  isProtected: z.boolean().optional(),
  position: z.number().int().min(0).max(1000).optional(),
  connectTimeoutMs: z.number().int().min(100).max(60_000).optional(),
  statementTimeoutMs: z.number().int().min(100).max(600_000).optional(),
});

export const roleSchema = z.enum(["viewer", "operator", "admin"]);

export const createUserBody = z.object({
  email: z.string().trim().email().max(320),
  name: z.string().trim().max(100).optional().nullable(),
  password: z.string().min(10, "at least 10 characters").max(200),
  role: roleSchema,
});

export const updateUserBody = z.object({ role: roleSchema.optional(), disabled: z.boolean().optional() });

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  role: roleSchema,
  /** ISO date-time; omitted or null: never expires. */
  expiresAt: z.string().datetime({ offset: true }).nullable().optional(),
});

export const actionKindSchema = z.enum(["resolve_rolled_back", "resolve_applied", "deploy"]);

export const actionRequestBody = z
  .object({
    kind: actionKindSchema,
    migration: z.string().min(1).max(255).optional(),
    expectedFingerprint: z.string().min(8).max(128),
    confirmation: z.string().max(100).optional(),
    overrideReason: z.string().trim().min(1).max(500).optional(),
  })
  .refine((b) => b.kind === "deploy" || b.migration, { message: "migration is required to resolve", path: ["migration"] });

export const preflightQuery = z
  .object({ kind: actionKindSchema, migration: z.string().min(1).max(255).optional() })
  .refine((q) => q.kind === "deploy" || q.migration, { message: "migration is required to resolve", path: ["migration"] });

export const actionLogQuery = z.object({ afterLogId: z.coerce.number().int().min(0).default(0) });

export const rejectBody = z.object({ reason: z.string().trim().max(500).optional() });
