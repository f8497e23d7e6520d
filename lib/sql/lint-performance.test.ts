// A big project's history: 850 Prisma-style migrations must lint in seconds, not minutes.
import { describe, expect, it } from "vitest";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { lintMigrationsFolder } from "./lint";
import { rewriteRerunnable } from "./rewrite";

const MIGRATIONS = 850;

/** Migration i of a generated history: tables, enums, columns, indexes and foreign keys as Prisma writes them. */
function generatedMigration(i: number): string {
  const t = `Model${i}`;
  const previous = `Model${Math.max(0, i - 1)}`;
  const parts = [
    `-- CreateEnum\nCREATE TYPE "${t}Status" AS ENUM ('ACTIVE', 'ARCHIVED');`,
    `-- CreateTable\nCREATE TABLE "${t}" (\n    "id" TEXT NOT NULL,\n    "name" TEXT NOT NULL,\n    "status" "${t}Status" NOT NULL DEFAULT 'ACTIVE',\n    "parentId" TEXT,\n    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\n\n    CONSTRAINT "${t}_pkey" PRIMARY KEY ("id")\n);`,
    `-- CreateIndex\nCREATE UNIQUE INDEX "${t}_name_key" ON "${t}"("name");`,
    `-- AlterTable\nALTER TABLE "${previous}" ADD COLUMN     "note${i}" TEXT,\nADD COLUMN     "rank${i}" INTEGER NOT NULL DEFAULT 0;`,
    `-- CreateIndex\nCREATE INDEX "${previous}_rank${i}_idx" ON "${previous}"("rank${i}");`,
    `-- AddForeignKey\nALTER TABLE "${t}" ADD CONSTRAINT "${t}_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "${previous}"("id") ON DELETE SET NULL ON UPDATE CASCADE;`,
  ];
  if (i % 10 === 0) parts.push(`-- AlterTable\nALTER TABLE "${previous}" DROP COLUMN "note${i - 1}";`);
  return `${parts.join("\n\n")}\n`;
}

describe("linting a large migrations folder", () => {
  it(`parses and lints ${MIGRATIONS} migrations quickly`, { timeout: 120_000 }, async () => {
    const migrations: Record<string, string> = {};
    for (let i = 0; i < MIGRATIONS; i++) migrations[`2026${String(i).padStart(10, "0")}_m${i}`] = generatedMigration(i);
    const dir = writeMigrationsFolder(migrations);
    const bytes = Object.values(migrations).reduce((n, sql) => n + Buffer.byteLength(sql), 0);

    const started = performance.now();
    const result = await lintMigrationsFolder(dir);
    const lintMs = performance.now() - started;

    const rewriteStarted = performance.now();
    for (const sql of Object.values(migrations)) await rewriteRerunnable(sql);
    const rewriteMs = performance.now() - rewriteStarted;

    console.log(
      `[lint-performance] ${result.migrations} migrations (${(bytes / 1024).toFixed(0)} KiB, ${result.findings.length} findings): ` +
        `parse+lint ${lintMs.toFixed(0)} ms (${(lintMs / result.migrations).toFixed(2)} ms each), rewrite ${rewriteMs.toFixed(0)} ms`,
    );
    expect(result.migrations).toBe(MIGRATIONS);
    expect(result.countsByRule["create-table-without-if-not-exists"]).toBe(MIGRATIONS);
    expect(lintMs).toBeLessThan(60_000);
  });
});
