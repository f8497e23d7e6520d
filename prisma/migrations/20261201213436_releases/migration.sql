-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "releaseOnly" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "releaseProjectIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "Release" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "checksum" TEXT NOT NULL,
    "files" JSONB NOT NULL,
    "migrationNames" TEXT[],
    "origin" TEXT NOT NULL,
    "commitSha" TEXT,
    "branch" TEXT,
    "author" TEXT,
    "message" TEXT,
    "createdBy" TEXT,
    "createdByLabel" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Release_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Release_projectId_checksum_idx" ON "Release"("projectId", "checksum");

-- CreateIndex
CREATE UNIQUE INDEX "Release_projectId_number_key" ON "Release"("projectId", "number");

-- AddForeignKey
ALTER TABLE "Release" ADD CONSTRAINT "Release_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
