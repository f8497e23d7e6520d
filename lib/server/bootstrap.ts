// Start-up: Runway's own migrations (through its own engine), the first admin, and the demo.
import path from "node:path";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { seedDemo } from "../demo/seed-demo";
import { createPrisma } from "./db";
import { getServerEnv } from "./env";
import { ensureFirstAdmin } from "./users";

export const OWN_MIGRATIONS = path.resolve(import.meta.dirname, "../../prisma/migrations");

/** Applies prisma/migrations to Runway's own database, exactly as `prisma migrate deploy` would. */
export async function applyOwnMigrations(databaseUrl: string): Promise<string[]> {
  const { appliedMigrationNames } = await deployMigrations(databaseUrl, await readMigrationsFolder(OWN_MIGRATIONS), { ownState: true });
  return appliedMigrationNames;
}

export async function prepareState(log: (line: string) => void = console.log): Promise<void> {
  const env = getServerEnv();
  const applied = await applyOwnMigrations(env.DATABASE_URL);
  if (applied.length > 0) log(`Runway: applied ${applied.length} own migration(s): ${applied.join(", ")}`);
  const prisma = createPrisma(env.DATABASE_URL);
  try {
    const admin = await ensureFirstAdmin(prisma, { email: env.RUNWAY_ADMIN_EMAIL, password: env.RUNWAY_ADMIN_PASSWORD });
    if (admin?.generatedPassword) {
      log("");
      log("  First admin created (shown once, store it now):");
      log(`    email:    ${admin.email}`);
      log(`    password: ${admin.generatedPassword}`);
      log("  Set RUNWAY_ADMIN_EMAIL / RUNWAY_ADMIN_PASSWORD to choose them yourself.");
      log("");
    }
    const demoEnabled = !["0", "false"].includes(env.RUNWAY_DEMO ?? "1");
    if (demoEnabled) {
      const seeded = await seedDemo({ prisma, secretKey: env.secretKey }, env.DATABASE_URL);
      if (seeded) log(`Runway: demo project "${seeded.projectName}" created (dev, staging, prod). Set RUNWAY_DEMO=0 to skip.`);
    }
  } finally {
    await prisma.$disconnect();
  }
}
