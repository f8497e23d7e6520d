// Admin settings kept in Runway's own database (key → JSON value), read on use and audited on change.
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { PrismaClient } from "../generated/prisma/client";
import type { AuditedBy } from "./users";

/** Every setting, its type and its default: the one definition. */
export const settingsSchema = z.object({
  /**
   * Let a single sign-on identity take over the existing Runway account with the same email — only when the
   * provider says the email is verified. Off: such a sign-in is refused.
   */
  ssoEmailLinking: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;

export const updateSettingsBody = settingsSchema.partial().strict();

export async function readSettings(prisma: PrismaClient): Promise<Settings> {
  const rows = await prisma.setting.findMany();
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  // A stored value of the wrong type (hand-edited) falls back to the default rather than failing sign-in.
  const parsed = settingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

export async function updateSettings(prisma: PrismaClient, change: Partial<Settings>, by: AuditedBy): Promise<Settings> {
  const patch = updateSettingsBody.parse(change);
  const before = await readSettings(prisma);
  await prisma.$transaction(async (tx) => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      await tx.setting.upsert({ where: { key }, create: { key, value, updatedById: by.actor.userId }, update: { value, updatedById: by.actor.userId } });
    }
    const after = { ...before, ...patch };
    await recordAudit(tx, { event: "settings_changed", actor: by.actor, outcome: "accepted", arguments: { before, after }, origin: by.origin });
  });
  return readSettings(prisma);
}
