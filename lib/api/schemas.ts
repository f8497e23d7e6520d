// The contract of every route's input: params, query strings and bodies. Client-safe (zod only): the routes
// validate with these, the client's input types are their z.input, and the forms validate with them before a
// round trip, so the three cannot drift. Messages are written for the person filling the form.
import { z } from "zod";
import { actionKindSchema } from "./actions";
import { EVENT_KINDS } from "./events";
import { gitSourceInput } from "./git-source-schemas";
import { roleSchema, tokenRoleSchema } from "./roles";

export { actionKindSchema } from "./actions";
export { roleSchema } from "./roles";

const uuid = z.string().uuid("not a valid id");

export const idParams = z.object({ id: uuid });

export const migrationParams = z.object({ id: uuid, name: z.string().min(1).max(255) });

/** Relative path inside the migrations folder (`2026…_x/migration.sql`, `migration_lock.toml`) → file text. */
const filesSchema = z.record(z.string().max(600), z.string());

const projectName = z.string().trim().min(1, "Give the project a name.").max(100);

/**
 * Where a project's migrations come from: one branch per source kind. A new kind is one more branch here, one more
 * entry in lib/environments/project-sources.ts (how it is checked and stored) and one more fields component in
 * components/screens/admin/project-source-fields.tsx (how it is entered).
 */
export const projectSource = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("folder"), path: z.string().trim().min(1, "Enter the folder's path.").max(4096) }),
  z.object({ kind: z.literal("upload"), files: filesSchema }),
  gitSourceInput,
]);

/**
 * Relative to the repository root, e.g. apps/api/prisma/migrations (patches use it; default prisma/migrations);
 * for a git source, the folder Runway reads in the repository.
 */
const repoMigrationsPath = z
  .string()
  .trim()
  .max(300)
  .regex(
    /^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._@+\/-]+$/,
    "a relative path inside the repository, e.g. apps/api/prisma/migrations",
  );

export const createProjectBody = z.object({
  name: projectName,
  source: projectSource,
  repoMigrationsPath: repoMigrationsPath.optional(),
});

/** PATCH /api/projects/{id}: every field optional, only those sent change (a new setting is one more field). */
export const updateProjectBody = z
  .object({
    name: projectName.optional(),
    /**
     * A new source, checked as on creation (an upload's files become its next bundle version; a git source's access
     * is tested first). For a project already reading git, `credentials` absent keeps the stored ones.
     */
    source: projectSource.optional(),
    /** null: back to the default, prisma/migrations. */
    repoMigrationsPath: repoMigrationsPath.nullable().optional(),
    /** Deploys follow the environments' order (an environment deploys only releases the one before it has). */
    enforcePromotion: z.boolean().optional(),
  })
  .strict();

export const uploadBundleBody = z.object({ files: filesSchema });

const environmentName = z
  .string()
  .trim()
  .min(1, "Give the environment a name (e.g. dev, staging, prod).")
  .max(50)
  .regex(/^[\w .-]+$/, "The name may use letters, digits, spaces, dots, dashes and underscores only.");
const databaseUrl = z.string().trim().min(1, "Enter the database URL.").max(4096);
const schemaName = z
  .string()
  .trim()
  .max(63)
  // eslint-disable-next-line no-control-regex -- a NUL cannot be part of a PostgreSQL identifier
  .regex(/^[^"\u0000]*$/, "The schema must not contain quotes.")
  .optional()
  .nullable();

/** A whole number of milliseconds in [min, max], with a message naming the field. */
function wholeNumber(label: string, min: number, max: number) {
  const message = `${label} must be a whole number between ${min} and ${max}.`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
}

const connectTimeoutMs = wholeNumber("The connect timeout (ms)", 100, 60_000);
const statementTimeoutMs = wholeNumber("The statement timeout (ms)", 100, 600_000);

export const testConnectionBody = z.object({
  databaseUrl,
  schema: schemaName,
  connectTimeoutMs: connectTimeoutMs.optional(),
});

export const createEnvironmentBody = z.object({
  projectId: uuid,
  name: environmentName,
  databaseUrl,
  schema: schemaName,
  isProtected: z.boolean().optional(),
  position: wholeNumber("Position", 0, 1000).optional(),
  connectTimeoutMs: connectTimeoutMs.optional(),
  statementTimeoutMs: statementTimeoutMs.optional(),
});

/**
 * PATCH /api/environments/{id}: every field optional, only those sent change. A new URL (or schema) is tested with a
 * real connection before anything is saved; turning protection off needs the environment's name in `confirmation`.
 */
export const updateEnvironmentBody = z
  .object({
    name: environmentName.optional(),
    /** A new URL (rotation): write-only, tested first, never shown again. */
    databaseUrl: databaseUrl.optional(),
    /** null or "": the schema from the URL (else public). */
    schema: schemaName,
    isProtected: z.boolean().optional(),
    connectTimeoutMs: connectTimeoutMs.optional(),
    statementTimeoutMs: statementTimeoutMs.optional(),
    /** The environment's current name, typed: required to turn protection off. */
    confirmation: z.string().max(100).optional(),
  })
  .strict();

/** DELETE /api/projects/{id} and /api/environments/{id}: the name, typed by the person removing it. */
export const confirmRemovalBody = z.object({
  confirmation: z.string().max(200, "Type the name exactly."),
});

/** PUT /api/projects/{id}/environment-order: every environment of the project, once, in the new order. */
export const environmentOrderBody = z.object({
  environmentIds: z.array(uuid).min(1, "List the project's environments in their new order.").max(1000),
});

export const MIN_PASSWORD_LENGTH = 10;

export const createUserBody = z.object({
  email: z.string().trim().min(1, "Enter the user's email.").email("Enter a valid email address.").max(320),
  name: z.string().trim().max(100).optional().nullable(),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(200),
  role: roleSchema,
});

export const updateUserBody = z.object({ role: roleSchema.optional(), disabled: z.boolean().optional() });

export const createTokenBody = z
  .object({
    name: z.string().trim().min(1, "Name the token after what uses it (e.g. “CI deploy”).").max(100),
    role: tokenRoleSchema,
    /** ISO date-time; omitted or null: never expires. */
    expiresAt: z.string().datetime({ offset: true }).nullable().optional(),
    /** For role release: the projects it may push releases of. */
    projectIds: z.array(uuid).max(100).optional(),
  })
  .refine((b) => b.role !== "release" || (b.projectIds?.length ?? 0) > 0, {
    message: "A release token needs at least one project.",
    path: ["projectIds"],
  });

const commitField = (max: number) => z.string().trim().max(max).nullable().optional();

export const pushReleaseBody = z.object({
  /** The project's name or id. */
  project: z.string().trim().min(1, "Name the project.").max(100),
  files: filesSchema,
  commit: z
    .object({
      sha: z
        .string()
        .trim()
        .regex(/^[0-9a-f]{4,64}$/i, "a commit SHA in hex")
        .nullable()
        .optional(),
      branch: commitField(255),
      author: commitField(255),
      message: commitField(2000),
    })
    .nullable()
    .optional(),
});

const resolvesNeedMigration = { message: "migration is required to resolve", path: ["migration"] };

export const actionRequestBody = z
  .object({
    kind: actionKindSchema,
    /** Required for the two resolve kinds. */
    migration: z.string().min(1).max(255).optional(),
    /** EnvironmentStatusView.fingerprint / PreflightView.fingerprint the user looked at. */
    expectedFingerprint: z.string().min(8).max(128),
    /** Protected environments: the environment's name, typed by the user. */
    confirmation: z.string().max(100).optional(),
    /** Proceed although the dry run failed (PreflightView.refusal.overridable): why, in the operator's words (audited). */
    overrideReason: z.string().trim().min(1).max(500).optional(),
    /** deploy: the release number to apply (GET /api/projects/{id}/releases); default the newest. */
    release: z.number().int().min(1).optional(),
    /** The checksum of that release as the operator saw it: refused (409 stale_release) if it differs. */
    releaseChecksum: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "a release checksum (64 hex)")
      .optional(),
  })
  .refine((b) => b.kind === "deploy" || b.migration, resolvesNeedMigration);

const releaseChecksum = z.string().regex(/^[0-9a-f]{64}$/, "a release checksum (64 hex)");

export const preflightQuery = z
  .object({
    kind: actionKindSchema,
    migration: z.string().min(1).max(255).optional(),
    /** deploy: preview the deploy of this release (default: the newest), as the request would send it. */
    release: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
    releaseChecksum: releaseChecksum.optional(),
  })
  .refine((q) => q.kind === "deploy" || q.migration, resolvesNeedMigration)
  .refine((q) => q.kind === "deploy" || q.release === undefined, {
    message: "only a deploy applies a release",
    path: ["release"],
  });

/** POST /api/environments/{id}/acknowledgements: the edits as the operator saw them, and why they are fine. */
export const acknowledgeEditsBody = z.object({
  edits: z
    .array(
      z.object({
        migration: z.string().min(1).max(255),
        /** The applied attempt's checksum (MigrationView.appliedChecksum). */
        appliedChecksum: z.string().min(1).max(128),
        /** The file's checksum now (MigrationView.localChecksum). */
        fileChecksum: z.string().regex(/^[0-9a-f]{64}$/, "a file checksum (64 hex)"),
      }),
    )
    .min(1, "Name at least one edited migration.")
    .max(100),
  reason: z.string().trim().max(500).optional(),
});

export const acknowledgementParams = z.object({ id: uuid, acknowledgementId: uuid });

export const shipFixQuery = z.object({ download: z.enum(["patch"]).optional() });

export const actionLogQuery = z.object({ afterLogId: z.coerce.number().int().min(0).default(0) });

export const rejectBody = z.object({ reason: z.string().trim().max(500).optional() });

export const rerunnableQuery = z.object({ download: z.enum(["patch"]).optional() });

/** At most this many audit events per request (a page or an export). */
export const MAX_AUDIT_LIMIT = 1000;

const day = z.iso.date();
const when = z.union([day, z.iso.datetime({ offset: true })], {
  message: "expected an ISO date (YYYY-MM-DD) or date-time",
});
// PostgreSQL text cannot hold NUL: a filter with control characters matches nothing and is refused as input.
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const noControl = (value: string) => !/[\u0000-\u001f]/.test(value);
const shortText = z.string().trim().min(1).max(100).refine(noControl, "must not contain control characters");

/** The filters of GET /api/audit: dates are ISO instants or days (YYYY-MM-DD, UTC; a day in `to` is included). */
export const auditFilterQuery = z.object({
  environmentId: shortText.optional(),
  /** Exact actor key (`user:<id>`) or part of the label (email, `token <name>`), case-insensitive. */
  actor: z.string().trim().min(1).max(320).refine(noControl, "must not contain control characters").optional(),
  event: shortText.optional(),
  actionKind: shortText.optional(),
  outcome: shortText.optional(),
  from: when.optional(),
  to: when.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_LIMIT).optional(),
  beforeSeq: z
    .string()
    .regex(/^\d{1,18}$/, "expected a seq number")
    .optional(),
});

export const auditQuery = auditFilterQuery.extend({
  format: z.enum(["json", "csv"]).default("json"),
  download: z.enum(["1", "true", "0", "false"]).optional(),
});

/** Every admin setting (GET/PATCH /api/settings), its type and its default: the one definition. */
export const settingsSchema = z.object({
  /**
   * Let a single sign-on identity take over the existing Runway account with the same email — only when the
   * provider says the email is verified. Off: such a sign-in is refused.
   */
  ssoEmailLinking: z.boolean().default(false),
});

export const updateSettingsBody = settingsSchema.partial().strict();

/** A day (YYYY-MM-DD) rather than an instant. */
export function isIsoDay(value: string): boolean {
  return day.safeParse(value).success;
}

// ---- Monitor and notifications ---------------------------------------------------------------------------

/** GET /api/events: the activity feed's filters and page. */
export const eventQuery = z.object({
  projectId: z.string().uuid().optional(),
  environmentId: z.string().uuid().optional(),
  kind: z.enum(EVENT_KINDS).optional(),
  before: z
    .string()
    .regex(/^\d{1,19}$/, "an event id")
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** GET /api/environments/{id}/status: every migration (default), or only those needing attention (`open`). */
/** GET /api/environments: `removed=include` adds the removed ones (for filters over the audit log and activity). */
export const environmentsQuery = z.object({ removed: z.enum(["include"]).optional() });

export const statusQuery = z.object({ migrations: z.enum(["all", "open"]).default("all") });

/** Deploys per page of an environment's history: the default, and the most one request may ask for. */
export const HISTORY_PAGE_SIZE = 20;
export const MAX_HISTORY_PAGE = 100;

/** GET /api/environments/{id}/history: one page of deploys, newest first. */
export const historyQuery = z.object({
  before: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, "a cursor from the previous page's nextBefore")
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_HISTORY_PAGE).default(HISTORY_PAGE_SIZE),
  failures: z.enum(["1", "true", "0", "false"]).optional(),
});
export type HistoryQueryInput = z.input<typeof historyQuery>;

/** GET /api/environments/{id}/compare?with=<environment id> */
export const compareQuery = z.object({ with: z.string().uuid("not a valid environment id") });

/** PUT /api/environments/{id}/monitor */
export const monitorIntervalBody = z.object({
  intervalSeconds: z
    .number()
    .int()
    .min(5)
    .max(24 * 60 * 60),
});

export const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      return ["http:", "https:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, "an http(s) URL");

export const recipients = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (value) => value.split(",").every((r) => z.string().email().safeParse(r.trim()).success),
    "comma-separated email addresses",
  );

export const subscriptionInput = z.object({
  projectId: z.string().uuid().nullable().default(null),
  environmentId: z.string().uuid().nullable().default(null),
  eventKinds: z.array(z.enum(EVENT_KINDS)).min(1).max(EVENT_KINDS.length),
});

export const channelInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("webhook"),
    name: z.string().trim().min(1).max(100),
    url: httpUrl,
    subscriptions: z.array(subscriptionInput).max(50).default([]),
  }),
  z.object({
    kind: z.literal("slack"),
    name: z.string().trim().min(1).max(100),
    url: httpUrl,
    subscriptions: z.array(subscriptionInput).max(50).default([]),
  }),
  z.object({
    kind: z.literal("email"),
    name: z.string().trim().min(1).max(100),
    recipients,
    subscriptions: z.array(subscriptionInput).max(50).default([]),
  }),
]);

export const channelUpdate = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  enabled: z.boolean().optional(),
  /** A new URL (webhook, slack) or recipient list (email); the old one is never shown. */
  target: z.string().trim().min(1).max(2000).optional(),
  subscriptions: z.array(subscriptionInput).max(50).optional(),
});

// ---- What clients send: the schemas' input types ---------------------------------------------------------

export type MigrationFiles = z.input<typeof filesSchema>;
export type CreateProjectInput = z.input<typeof createProjectBody>;
export type ProjectSourceInput = z.input<typeof projectSource>;
export type UpdateProjectInput = z.input<typeof updateProjectBody>;
export type UploadBundleInput = z.input<typeof uploadBundleBody> & { projectId: string };
export type TestConnectionInput = z.input<typeof testConnectionBody>;
export type CreateEnvironmentInput = z.input<typeof createEnvironmentBody>;
export type UpdateEnvironmentInput = z.input<typeof updateEnvironmentBody>;
export type ConfirmRemovalInput = z.input<typeof confirmRemovalBody>;
export type EnvironmentOrderInput = z.input<typeof environmentOrderBody>;
export type CreateUserInput = z.input<typeof createUserBody>;
export type UpdateUserInput = z.input<typeof updateUserBody> & { id: string };
export type CreateTokenInput = z.input<typeof createTokenBody>;
export type ActionRequestBody = z.input<typeof actionRequestBody>;
export type RejectInput = z.input<typeof rejectBody>;
export type AcknowledgeEditsInput = z.input<typeof acknowledgeEditsBody>;
export type SettingsView = z.output<typeof settingsSchema>;
/** Query-string filters of GET /api/audit, as the client sends them (all optional). */
export type AuditSearch = z.output<typeof auditFilterQuery>;

/** Query-string filters of GET /api/events, as the client sends them. */
export type EventQueryInput = z.input<typeof eventQuery>;
export type EventQuery = z.output<typeof eventQuery>;
export type CompareQueryInput = z.input<typeof compareQuery>;
export type MonitorIntervalInput = z.input<typeof monitorIntervalBody>;
export type SubscriptionInput = z.input<typeof subscriptionInput>;
export type ChannelInput = z.input<typeof channelInput>;
export type ChannelUpdate = z.input<typeof channelUpdate>;

/** The first problem of a failed parse, as one sentence for a form. */
export function firstIssueMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? issue.message : "The form is not valid.";
}

/** A query string's values (the first of each name; empty ones count as absent), validated by `schema`. */
export function parseQuery<T extends z.ZodType>(schema: T, params: URLSearchParams): z.output<T> {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) if (value.trim() !== "" && !(key in raw)) raw[key] = value;
  return schema.parse(raw);
}
