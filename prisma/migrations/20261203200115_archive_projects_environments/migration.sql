-- DropIndex
DROP INDEX "Project_name_key";

-- DropIndex
DROP INDEX "Environment_projectId_name_key";

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Environment" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "Project_name_key" ON "Project"("name") WHERE ("archivedAt" IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "Environment_projectId_name_key" ON "Environment"("projectId", "name") WHERE ("archivedAt" IS NULL);
