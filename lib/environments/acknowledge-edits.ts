// Acknowledging an edit of an applied migration (the runbook's rewrite of migrations that already ran everywhere):
// Runway records who accepted which edit — the migration, the checksum of what ran, the checksum of the file now —
// and the environment reads "edited (acknowledged)" for it instead of modified, until the file changes again.
// Nothing is written to the target or to the source. Operators may do it (see docs/api.md: it is the on-call's
// call during an incident, like marking a migration rolled back, and it is audited and can be withdrawn).
import type { Actor, RequestOrigin } from "../actions/actor";
import { readFreshState } from "../actions/context";
import { recordAudit } from "../audit/record-audit";
import { RegistryError } from "./errors";
import type { AcknowledgementView } from "./views";
import type { AcknowledgementsResponse } from "../api/responses";
import type { RegistryContext } from "./registry";
import type { ClassifiedMigration } from "../migrations/types";

export interface EditToAcknowledge {
  migration: string;
  /** The applied attempt's checksum and the file's, as the operator saw them (refused if either changed since). */
  appliedChecksum: string;
  fileChecksum: string;
}

type AcknowledgementRow = Awaited<ReturnType<RegistryContext["prisma"]["migrationEditAcknowledgement"]["create"]>>;

function toView(row: AcknowledgementRow): AcknowledgementView {
  return {
    id: row.id,
    environmentId: row.environmentId,
    migrationName: row.migrationName,
    appliedChecksum: row.appliedChecksum,
    fileChecksum: row.fileChecksum,
    reason: row.reason,
    byLabel: row.acknowledgedByLabel,
    at: row.createdAt.toISOString(),
  };
}

/** Why this migration's edit cannot be acknowledged as the operator saw it; null when it can. */
function refuseEdit(edit: EditToAcknowledge, m: ClassifiedMigration | undefined): RegistryError | null {
  const name = edit.migration;
  if (!m) return new RegistryError("not_found", "migration_not_found", `No migration named ${name} here.`);
  if (m.state !== "modified" && m.state !== "edited_acknowledged")
    return new RegistryError(
      "conflict",
      "not_edited",
      `${name} does not read as edited here (it reads ${m.state.replace(/_/g, " ")}): there is nothing to acknowledge.`,
    );
  if (m.current?.checksum !== edit.appliedChecksum || m.local?.checksum !== edit.fileChecksum)
    return new RegistryError(
      "conflict",
      "stale_edit",
      `${name} changed since you looked (it is now applied as ${m.current?.checksum.slice(0, 12)}…, the file is ${m.local?.checksum.slice(0, 12)}…): review it again, then acknowledge what it reads now.`,
    );
  return null;
}

/**
 * Records the acknowledgement of each edit (idempotent: an edit already acknowledged keeps its first record) and
 * audits it with before → after. Every edit is checked against the environment's state read now; one that no
 * longer reads as the operator saw it refuses the whole request (409), and nothing is recorded.
 */
export async function acknowledgeEdits(
  ctx: RegistryContext,
  environmentId: string,
  input: { edits: EditToAcknowledge[]; reason?: string | null },
  actor: Actor,
  origin: RequestOrigin | null,
): Promise<AcknowledgementsResponse> {
  const { target, status } = await readFreshState(ctx, environmentId);
  const environment = { id: target.environment.id, name: target.environment.name };
  const reason = input.reason?.trim() || null;
  const byName = new Map(status.migrations.map((m) => [m.name, m]));
  const refusal = input.edits.map((e) => refuseEdit(e, byName.get(e.migration))).find((r) => r !== null);
  if (refusal) {
    await recordAudit(ctx.prisma, {
      event: "edit_acknowledged",
      actor,
      environment,
      outcome: "refused",
      arguments: { edits: input.edits, reason },
      message: `${refusal.code}: ${refusal.message}`,
      origin,
    });
    throw refusal;
  }
  const rows = await ctx.prisma.$transaction(async (tx) => {
    await tx.migrationEditAcknowledgement.createMany({
      data: input.edits.map((e) => ({
        environmentId,
        migrationName: e.migration,
        appliedChecksum: e.appliedChecksum,
        fileChecksum: e.fileChecksum,
        reason,
        acknowledgedBy: actor.key,
        acknowledgedByLabel: actor.label,
      })),
      skipDuplicates: true,
    });
    return tx.migrationEditAcknowledgement.findMany({
      where: {
        environmentId,
        OR: input.edits.map((e) => ({
          migrationName: e.migration,
          appliedChecksum: e.appliedChecksum,
          fileChecksum: e.fileChecksum,
        })),
      },
      orderBy: { migrationName: "asc" },
    });
  });
  await recordAudit(ctx.prisma, {
    event: "edit_acknowledged",
    actor,
    environment,
    outcome: "accepted",
    arguments: {
      reason,
      edits: input.edits.map((e) => ({
        migration: e.migration,
        appliedChecksum: e.appliedChecksum,
        fileChecksum: e.fileChecksum,
        before: byName.get(e.migration)!.state,
        after: "edited_acknowledged",
      })),
    },
    origin,
  });
  return { acknowledgements: rows.map(toView) };
}

/** Withdraws an acknowledgement: the migration reads modified again (if its file is still that edit). Audited. */
export async function withdrawAcknowledgement(
  ctx: RegistryContext,
  environmentId: string,
  acknowledgementId: string,
  actor: Actor,
  origin: RequestOrigin | null,
): Promise<AcknowledgementView> {
  const row = await ctx.prisma.migrationEditAcknowledgement.findFirst({
    where: { id: acknowledgementId, environmentId },
    include: { environment: { select: { name: true } } },
  });
  if (!row) throw new RegistryError("not_found", "acknowledgement_not_found", "No such acknowledgement here.");
  await ctx.prisma.migrationEditAcknowledgement.deleteMany({ where: { id: row.id } });
  const { environment, ...ack } = row;
  const view = toView(ack);
  await recordAudit(ctx.prisma, {
    event: "edit_acknowledgement_withdrawn",
    actor,
    environment: { id: environmentId, name: environment.name },
    outcome: "accepted",
    arguments: { migration: row.migrationName, before: view, after: null },
    origin,
  });
  return view;
}

export async function listAcknowledgements(
  ctx: RegistryContext,
  environmentId: string,
): Promise<AcknowledgementsResponse> {
  const environment = await ctx.prisma.environment.findFirst({
    where: { id: environmentId, archivedAt: null },
    select: { id: true },
  });
  if (!environment) throw new RegistryError("not_found", "environment_not_found", "No such environment.");
  const rows = await ctx.prisma.migrationEditAcknowledgement.findMany({
    where: { environmentId },
    orderBy: [{ migrationName: "asc" }, { createdAt: "asc" }],
  });
  return { acknowledgements: rows.map(toView) };
}
