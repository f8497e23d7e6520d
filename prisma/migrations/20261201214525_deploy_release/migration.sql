-- AlterTable
ALTER TABLE "Action" ADD COLUMN     "releaseChecksum" TEXT,
ADD COLUMN     "releaseNumber" INTEGER;
