// A Runway state database for a test: own migrations applied through the engine, a Prisma client, a key.
import crypto from "node:crypto";
import { inject } from "vitest";
import { applyOwnMigrations } from "../server/bootstrap";
import { createPrisma, type PrismaClient } from "../server/db";
import type { RegistryContext } from "../environments/registry";
import { createTestDatabase, type TestDatabase } from "./test-database";

export interface OwnState extends RegistryContext {
  database: TestDatabase;
  close(): Promise<void>;
}

export async function createOwnState(): Promise<OwnState> {
  const database = await createTestDatabase(inject("adminUrl"), "rw_state");
  await applyOwnMigrations(database.url);
  // Small pools: test files run in parallel against one server (PostgreSQL 15 allows 100 connections).
  const prisma: PrismaClient = createPrisma(database.url, { poolSize: 4 });
  return {
    database,
    prisma,
    secretKey: crypto.randomBytes(32),
    async close() {
      await prisma.$disconnect();
      await database.drop();
    },
  };
}
