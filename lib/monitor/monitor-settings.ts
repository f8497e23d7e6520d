// Per-environment monitor settings (the interval) and what the monitor last saw.
import { RegistryError } from "../environments/errors";
import type { PrismaClient } from "../generated/prisma/client";

export interface MonitorSettingsView {
  environmentId: string;
  intervalSeconds: number;
  lastHealth: string | null;
  lastCheckedAt: string | null;
}

export async function readMonitorSettings(
  prisma: PrismaClient,
  environmentId: string,
  defaultIntervalSeconds: number,
): Promise<MonitorSettingsView> {
  const env = await prisma.environment.findFirst({
    where: { id: environmentId, archivedAt: null },
    select: { id: true },
  });
  if (!env) throw new RegistryError("not_found", "environment_not_found", "No such environment.");
  const row = await prisma.monitorState.findUnique({ where: { environmentId } });
  return {
    environmentId,
    intervalSeconds: row?.intervalSeconds ?? defaultIntervalSeconds,
    lastHealth: row?.health ?? null,
    lastCheckedAt: row?.checkedAt?.toISOString() ?? null,
  };
}

export async function setMonitorInterval(
  prisma: PrismaClient,
  environmentId: string,
  intervalSeconds: number,
  defaultIntervalSeconds: number,
) {
  const env = await prisma.environment.findFirst({
    where: { id: environmentId, archivedAt: null },
    select: { id: true, name: true },
  });
  if (!env) throw new RegistryError("not_found", "environment_not_found", "No such environment.");
  const row = await prisma.monitorState.findUnique({ where: { environmentId } });
  // The slot is reset so the new interval's first slot is claimed at once.
  await prisma.monitorState.upsert({
    where: { environmentId },
    create: { environmentId, intervalSeconds },
    update: { intervalSeconds, claimedSlot: -1 },
  });
  return { before: row?.intervalSeconds ?? defaultIntervalSeconds, after: intervalSeconds, environment: env };
}
