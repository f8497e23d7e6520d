-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "enforcePromotion" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "MigrationEditAcknowledgement" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "migrationName" TEXT NOT NULL,
    "appliedChecksum" TEXT NOT NULL,
    "fileChecksum" TEXT NOT NULL,
    "reason" TEXT,
    "acknowledgedBy" TEXT NOT NULL,
    "acknowledgedByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MigrationEditAcknowledgement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MigrationEditAcknowledgement_environmentId_migrationName_ap_key" ON "MigrationEditAcknowledgement"("environmentId", "migrationName", "appliedChecksum", "fileChecksum");

-- AddForeignKey
ALTER TABLE "MigrationEditAcknowledgement" ADD CONSTRAINT "MigrationEditAcknowledgement_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
