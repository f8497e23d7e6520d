-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "repoMigrationsPath" TEXT;

-- CreateTable
CREATE TABLE "SchemaDriftCheck" (
    "environmentId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "phase" TEXT,
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "drifted" BOOLEAN,
    "sql" TEXT,
    "changes" JSONB,
    "replayFailures" JSONB,
    "error" TEXT,
    "runBy" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,

    CONSTRAINT "SchemaDriftCheck_pkey" PRIMARY KEY ("environmentId")
);

-- AddForeignKey
ALTER TABLE "SchemaDriftCheck" ADD CONSTRAINT "SchemaDriftCheck_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
