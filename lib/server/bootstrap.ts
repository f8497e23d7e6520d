// Start-up: Runway's own migrations (through its own engine), the first admin, and the demo.
import path from "node:path";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { refreshDemoTargets, seedDemo } from "../demo/seed-demo";
import { isKeyedHash } from "../audit/hash-audit";
import { recordAudit } from "../audit/record-audit";
import type { PrismaClient } from "./db";
import { createPrisma } from "./db";
import { getServerEnv } from "./env";
import { ensureFirstAdmin } from "./users";

export const OWN_MIGRATIONS = path.resolve(import.meta.dirname, "../../prisma/migrations");

/** Applies prisma/migrations to Runway's own database, exactly as `prisma migrate deploy` would. */
export async function applyOwnMigrations(databaseUrl: string): Promise<string[]> {
  const { appliedMigrationNames } = await deployMigrations(databaseUrl, await readMigrationsFolder(OWN_MIGRATIONS), {
    ownState: true,
  });
  return appliedMigrationNames;
}

export async function prepareState(log: (line: string) => void = console.log): Promise<void> {
  const env = getServerEnv();
  const applied = await applyOwnMigrations(env.DATABASE_URL);
  if (applied.length > 0) log(`Runway: applied ${applied.length} own migration(s): ${applied.join(", ")}`);
  const prisma = createPrisma(env.DATABASE_URL);
  try {
    const admin = await ensureFirstAdmin(prisma, {
      email: env.RUNWAY_ADMIN_EMAIL,
      password: env.RUNWAY_ADMIN_PASSWORD,
    });
    if (admin?.generatedPassword) {
      log("");
      log("  First admin created (shown once, store it now):");
      log(`    email:    ${admin.email}`);
      log(`    password: ${admin.generatedPassword}`);
      log("  Set RUNWAY_ADMIN_EMAIL / RUNWAY_ADMIN_PASSWORD to choose them yourself.");
      log("");
    }
    await sealLegacyAuditChain(prisma, log);
    const moved = await refreshDemoTargets({ prisma, secretKey: env.secretKey }, env.DATABASE_URL);
    if (moved > 0) log(`Runway: ${moved} demo environment(s) now point at the database server's current address.`);
    const demoEnabled = !["0", "false"].includes(env.RUNWAY_DEMO ?? "1");
    if (demoEnabled) {
      const seeded = await seedDemo({ prisma, secretKey: env.secretKey }, env.DATABASE_URL);
      if (seeded)
        log(`Runway: demo project "${seeded.projectName}" created (dev, staging, prod). Set RUNWAY_DEMO=0 to skip.`);
    }
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * An audit log written before rows were sealed with a keyed MAC ends on an unkeyed row: append one keyed event, so
 * the old rows are sealed too (its MAC covers their last hash) and the head outside the database exists.
 */
async function sealLegacyAuditChain(prisma: PrismaClient, log: (line: string) => void): Promise<void> {
  const newest = await prisma.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  if (!newest || isKeyedHash(newest.hash)) return;
  await recordAudit(prisma, {
    event: "audit_chain_keyed",
    outcome: "accepted",
    message: "Rows from here on are sealed with a keyed MAC; the head is kept outside the database.",
  });
  log("Runway: the audit log is now sealed with a keyed MAC (earlier rows stay verifiable).");
}
