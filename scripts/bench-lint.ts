// Benchmark (the diagnosis issue): parse + lint and rewrite time for a generated folder of 850 Prisma-style
// migrations, and the findings per rule on the runbook fixtures. Prints figures; exits 0.
//   npm run bench:lint
import path from "node:path";
import { writeMigrationsFolder } from "../lib/testing/migrations-fixture";
import { lintMigrationsFolder } from "../lib/sql/lint";
import { rewriteRerunnable } from "../lib/sql/rewrite";

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
  `${result.migrations} generated migrations (${(bytes / 1024).toFixed(0)} KiB, ${result.findings.length} findings)`,
);
console.log(`  parse + lint: ${lintMs.toFixed(0)} ms (${(lintMs / result.migrations).toFixed(2)} ms per migration)`);
console.log(`  rewrite:      ${rewriteMs.toFixed(0)} ms`);

for (const folder of ["migrations", "migrations-fixed"]) {
  const fixture = await lintMigrationsFolder(path.resolve(import.meta.dirname, "../fixtures/runbook-app", folder));
  console.log(`\nfixtures/runbook-app/${folder}: ${fixture.findings.length} findings`);
  for (const [rule, count] of Object.entries(fixture.countsByRule).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0)))
    console.log(`  ${String(count).padStart(4)}  ${rule}`);
}
