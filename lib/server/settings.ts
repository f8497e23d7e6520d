// Admin settings kept in Runway's own database (key → JSON value), read on use and audited on change.
import { settingsSchema, updateSettingsBody, type SettingsView } from "../api/schemas";
import { recordAudit } from "../audit/record-audit";
import type { PrismaClient } from "../generated/prisma/client";
import type { AuditedBy } from "./users";

export type Settings = SettingsView;

export async function readSettings(prisma: PrismaClient): Promise<Settings> {
  const rows = await prisma.setting.findMany();
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  // A stored value of the wrong type (hand-edited) falls back to the default rather than failing sign-in.
  const parsed = settingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

export async function updateSettings(
  prisma: PrismaClient,
  change: Partial<Settings>,
  by: AuditedBy,
): Promise<Settings> {
  const patch = updateSettingsBody.parse(change);
  const before = await readSettings(prisma);
  await prisma.$transaction(async (tx) => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      await tx.setting.upsert({
        where: { key },
        create: { key, value, updatedById: by.actor.userId },
        update: { value, updatedById: by.actor.userId },
      });
    }
    const after = { ...before, ...patch };
    await recordAudit(tx, {
      event: "settings_changed",
      actor: by.actor,
      outcome: "accepted",
      arguments: { before, after },
      origin: by.origin,
    });
  });
  return readSettings(prisma);
}
