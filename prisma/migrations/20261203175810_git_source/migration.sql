-- AlterEnum
ALTER TYPE "SourceKind" ADD VALUE 'git';

-- CreateTable
CREATE TABLE "GitSource" (
    "projectId" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "credentialKind" TEXT NOT NULL DEFAULT 'none',
    "encryptedCredentials" TEXT,
    "encryptedWebhookSecret" TEXT NOT NULL,
    "webhookSecretCreatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "intervalSeconds" INTEGER NOT NULL,
    "claimedSlot" BIGINT NOT NULL DEFAULT -1,
    "fetchingUntil" TIMESTAMP(3),
    "fetchingBy" TEXT,
    "headSha" TEXT,
    "headError" TEXT,
    "lastFetchAt" TIMESTAMP(3),
    "lastFetchDurationMs" INTEGER,
    "lastFetchError" TEXT,
    "lastSuccessAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GitSource_pkey" PRIMARY KEY ("projectId")
);

-- AddForeignKey
ALTER TABLE "GitSource" ADD CONSTRAINT "GitSource_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
