// Runway's own state through Prisma Client 7 on the pg driver adapter (one client per process).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

const globalForPrisma = globalThis as unknown as { runwayPrisma?: PrismaClient; runwayPrismaUrl?: string };

export function createPrisma(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: options.poolSize ?? 10 }) });
}

/** The shared client for `DATABASE_URL` (kept on globalThis so dev reloads do not open new pools). */
export function getPrisma(databaseUrl = process.env.DATABASE_URL ?? ""): PrismaClient {
  if (!databaseUrl) throw new Error("DATABASE_URL is not set");
  if (!globalForPrisma.runwayPrisma || globalForPrisma.runwayPrismaUrl !== databaseUrl) {
    globalForPrisma.runwayPrisma = createPrisma(databaseUrl);
    globalForPrisma.runwayPrismaUrl = databaseUrl;
  }
  return globalForPrisma.runwayPrisma;
}

export type { PrismaClient };
