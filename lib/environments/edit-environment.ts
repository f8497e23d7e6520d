// Editing an environment: name, protection, URL rotation, schema, timeouts. A new URL or schema is a new target: it
// is tested with a real connection before anything is saved, encrypted bound to the environment's id, and what
// Runway knew of the old target (its drift check, the monitor's last reading) is dropped with it. The name, URL and
// schema do not change under an action in flight; the change and its audit event commit together.
import { recordAudit } from "../audit/record-audit";
import type { UpdateEnvironmentInput } from "../api/schemas";
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { parseDatabaseUrl } from "../migrations/database-url";
import { decryptSecret, encryptSecret } from "../server/secrets";
import { AUDITED_TRANSACTION, environmentBusy, lockIdleEnvironments, type ChangedBy } from "./admin-changes";
import { RegistryError } from "./errors";
import {
  applySchema,
  displayWithoutSecrets,
  environmentNameTaken,
  environmentNotFound,
  isUniqueViolation,
  refuseTakenEnvironmentName,
  schemaOf,
  testBeforeSaving,
  toEnvironmentView,
  type RegistryContext,
  type RegistryDb,
} from "./registry";
import type { EnvironmentView } from "./views";

export interface EnvironmentUpdate {
  environment: EnvironmentView;
  /** Anything changed (false: nothing was written or audited). */
  changed: boolean;
  /** The URL or the schema changed: another database (or another `_prisma_migrations`) is read from now on. */
  targetChanged: boolean;
}

/** What the audit log keeps of an environment: its settings with the password-free URL, never the URL itself. */
export function environmentAuditShape(view: EnvironmentView) {
  return {
    project: view.projectName,
    name: view.name,
    position: view.position,
    isProtected: view.isProtected,
    urlDisplay: view.urlDisplay,
    schema: view.schema,
    connectTimeoutMs: view.connectTimeoutMs,
    statementTimeoutMs: view.statementTimeoutMs,
  };
}

async function findLiveEnvironment(db: RegistryDb, id: string) {
  const row = await db.environment.findFirst({
    where: { id, archivedAt: null, project: { archivedAt: null } },
    include: { project: { select: { name: true } } },
  });
  if (!row) throw environmentNotFound();
  return row;
}

type EnvironmentRow = Awaited<ReturnType<typeof findLiveEnvironment>>;

/** The stored URL decrypted, or null when it cannot be (a new URL still replaces it: that is how it is repaired). */
function decryptStored(ctx: RegistryContext, row: EnvironmentRow): string | null {
  try {
    return decryptSecret(row.encryptedUrl, ctx.secretKey, row.id);
  } catch {
    return null;
  }
}

interface PlannedTarget {
  /** The URL to store (the schema override baked in, as creation does). */
  stored: string;
  /** The URL connections use. */
  effective: string;
  schemaOverride: string | null;
  display: string;
  schema: string;
}

/** The new target when the URL or the schema is given, or null when neither changes what is read. */
function planTarget(ctx: RegistryContext, row: EnvironmentRow, input: UpdateEnvironmentInput): PlannedTarget | null {
  const newUrl = input.databaseUrl?.trim();
  const schemaOverride = input.schema === undefined ? row.schema : input.schema?.trim() || null;
  if (newUrl === undefined && schemaOverride === row.schema) return null;
  const current = decryptStored(ctx, row);
  let base = newUrl;
  if (base === undefined) {
    if (current === null)
      throw new RegistryError(
        "unprocessable",
        "url_undecryptable",
        `${row.name} cannot decrypt its URL (integrity check failed): give its URL again to change the schema.`,
      );
    base = current;
    // The old override was written into the stored URL: clearing it means reading the URL's own schema again.
    if (row.schema && !schemaOverride) base = withoutSchemaParam(base);
  }
  const stored = applySchema(base, schemaOverride);
  const effective = applySchema(stored, schemaOverride);
  const { display, schema } = displayWithoutSecrets(effective); // P1013 (400) for a URL of the wrong kind
  if (current !== null && effective === applySchema(current, row.schema)) return null;
  return { stored, effective, schemaOverride, display, schema };
}

function withoutSchemaParam(url: string): string {
  parseDatabaseUrl(url);
  const parsed = new URL(url.trim());
  parsed.searchParams.delete("schema");
  return parsed.toString();
}

function changedFields(row: EnvironmentRow, input: UpdateEnvironmentInput, target: PlannedTarget | null) {
  const name = input.name?.trim();
  return {
    name: name !== undefined && name !== row.name ? name : undefined,
    target,
    urlRotated: target !== null && input.databaseUrl !== undefined,
    schemaChanged: target !== null && target.schemaOverride !== row.schema,
    isProtected:
      input.isProtected !== undefined && input.isProtected !== row.isProtected ? input.isProtected : undefined,
    connectTimeoutMs:
      input.connectTimeoutMs !== undefined && input.connectTimeoutMs !== row.connectTimeoutMs
        ? input.connectTimeoutMs
        : undefined,
    statementTimeoutMs:
      input.statementTimeoutMs !== undefined && input.statementTimeoutMs !== row.statementTimeoutMs
        ? input.statementTimeoutMs
        : undefined,
  };
}

/** "change the name and URL of prod": what the refusal and the audit message call this change. */
function guardedWhat(row: EnvironmentRow, change: ReturnType<typeof changedFields>): string {
  const fields = [
    change.name !== undefined ? "name" : null,
    change.urlRotated ? "URL" : null,
    change.schemaChanged ? "schema" : null,
  ].filter(Boolean);
  return `change the ${fields.join(" and ")} of ${row.name}`;
}

export async function updateEnvironment(
  ctx: RegistryContext,
  id: string,
  input: UpdateEnvironmentInput,
  by: ChangedBy,
): Promise<EnvironmentUpdate> {
  const row = await findLiveEnvironment(ctx.prisma, id);
  const change = changedFields(row, input, planTarget(ctx, row, input));
  const guarded = change.name !== undefined || change.target !== null;
  const anything =
    guarded || [change.isProtected, change.connectTimeoutMs, change.statementTimeoutMs].some((v) => v !== undefined);
  if (!anything)
    return { environment: toEnvironmentView(row, schemaOf(ctx, row)), changed: false, targetChanged: false };

  // Turning protection off removes the typed confirmation and the second person from every later action.
  if (change.isProtected === false && input.confirmation !== row.name)
    throw new RegistryError(
      "invalid",
      "confirmation_required",
      `Turning protection off on ${row.name} is a dangerous change: type its name (${row.name}) to confirm.`,
    );
  if (change.name !== undefined)
    await refuseTakenEnvironmentName(ctx.prisma, { id: row.projectId, name: row.project.name }, change.name, id);
  // Refused before the (possibly slow) connection test; checked again under the row lock below.
  if (guarded) await refuseWhileBusy(ctx.prisma, row, guardedWhat(row, change));
  const connectTimeoutMs = change.connectTimeoutMs ?? row.connectTimeoutMs;
  const statementTimeoutMs = change.statementTimeoutMs ?? row.statementTimeoutMs;
  if (change.target) await testBeforeSaving(change.target.effective, { connectTimeoutMs, statementTimeoutMs });

  try {
    const environment = await ctx.prisma.$transaction(async (tx) => {
      if (guarded) await lockIdleEnvironments(tx, [id], guardedWhat(row, change));
      else await tx.$queryRaw`SELECT id FROM "Environment" WHERE id = ${id} FOR UPDATE`;
      const current = await findLiveEnvironment(tx, id);
      const before = toEnvironmentView(current, schemaOf(ctx, current));
      const updated = await tx.environment.update({
        where: { id },
        data: {
          ...(change.name !== undefined ? { name: change.name } : {}),
          ...(change.isProtected !== undefined ? { isProtected: change.isProtected } : {}),
          ...(change.connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}),
          ...(change.statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}),
          ...(change.target
            ? {
                encryptedUrl: encryptSecret(change.target.stored, ctx.secretKey, id),
                urlDisplay: change.target.display,
                schema: change.target.schemaOverride,
              }
            : {}),
        },
        include: { project: { select: { name: true } } },
      });
      if (change.target) await forgetTarget(tx, id);
      const after = toEnvironmentView(updated, change.target?.schema ?? before.schema);
      await recordAudit(tx, {
        event: "environment_updated",
        actor: by.actor,
        environment: { id, name: after.name },
        outcome: "accepted",
        message: describeEnvironmentChange(before, after, change.urlRotated),
        // The URL is recorded as rotated, with its password-free display before and after: never the URL itself.
        arguments: {
          before: environmentAuditShape(before),
          after: environmentAuditShape(after),
          ...(change.urlRotated ? { urlRotated: true } : {}),
        },
        origin: by.origin,
      });
      return after;
    }, AUDITED_TRANSACTION);
    return { environment, changed: true, targetChanged: change.target !== null };
  } catch (error) {
    if (change.name !== undefined && isUniqueViolation(error))
      throw environmentNameTaken(row.project.name, change.name);
    throw error;
  }
}

async function refuseWhileBusy(prisma: PrismaClient, row: EnvironmentRow, what: string): Promise<void> {
  const lock = await prisma.environmentActionLock.findUnique({
    where: { environmentId: row.id },
    include: { action: true },
  });
  if (lock) throw environmentBusy(row.name, lock.action, what);
}

/**
 * What Runway knew of the previous target is not about the new one: its drift check (keyed by a fingerprint that a
 * copy of the same history would share) is dropped, and the monitor starts over from a first reading, ignoring
 * readings of the old target that finish after now (their checkedAt is earlier).
 */
export async function forgetTarget(tx: Prisma.TransactionClient, environmentId: string): Promise<void> {
  await tx.schemaDriftCheck.deleteMany({ where: { environmentId } });
  await tx.monitorState.updateMany({
    where: { environmentId },
    data: { snapshot: Prisma.DbNull, health: null, checkedAt: new Date(), claimedSlot: -1 },
  });
}

function describeEnvironmentChange(before: EnvironmentView, after: EnvironmentView, urlRotated: boolean): string {
  const parts: string[] = [];
  if (before.name !== after.name) parts.push(`renamed "${before.name}" → "${after.name}"`);
  if (urlRotated) parts.push(`URL rotated (${before.urlDisplay} → ${after.urlDisplay})`);
  if (before.schema !== after.schema) parts.push(`schema ${before.schema} → ${after.schema}`);
  if (before.isProtected !== after.isProtected) parts.push(after.isProtected ? "protected" : "protection turned off");
  if (before.connectTimeoutMs !== after.connectTimeoutMs)
    parts.push(`connect timeout ${before.connectTimeoutMs} → ${after.connectTimeoutMs} ms`);
  if (before.statementTimeoutMs !== after.statementTimeoutMs)
    parts.push(`statement timeout ${before.statementTimeoutMs} → ${after.statementTimeoutMs} ms`);
  return `${after.projectName}/${after.name}: ${parts.join("; ")}.`;
}
