-- CreateEnum
CREATE TYPE "NotificationChannelKind" AS ENUM ('webhook', 'slack', 'email');

-- CreateTable
CREATE TABLE "MonitorState" (
    "environmentId" TEXT NOT NULL,
    "intervalSeconds" INTEGER NOT NULL DEFAULT 60,
    "claimedSlot" BIGINT NOT NULL DEFAULT -1,
    "health" TEXT,
    "snapshot" JSONB,
    "checkedAt" TIMESTAMP(3),
    "readCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MonitorState_pkey" PRIMARY KEY ("environmentId")
);

-- CreateTable
CREATE TABLE "EnvironmentEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "environmentId" TEXT NOT NULL,
    "environmentName" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "projectName" TEXT NOT NULL,
    "isProtected" BOOLEAN NOT NULL DEFAULT false,
    "kind" TEXT NOT NULL,
    "fromHealth" TEXT,
    "toHealth" TEXT,
    "message" TEXT NOT NULL,
    "details" JSONB,

    CONSTRAINT "EnvironmentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationChannel" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "NotificationChannelKind" NOT NULL,
    "encryptedTarget" TEXT NOT NULL,
    "targetDisplay" TEXT NOT NULL,
    "encryptedSecret" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationSubscription" (
    "id" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "projectId" TEXT,
    "environmentId" TEXT,
    "eventKinds" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationDelivery" (
    "id" BIGSERIAL NOT NULL,
    "channelId" TEXT NOT NULL,
    "eventId" BIGINT,
    "eventKind" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok" BOOLEAN NOT NULL,
    "responseCode" INTEGER,
    "error" TEXT,
    "durationMs" INTEGER NOT NULL,

    CONSTRAINT "NotificationDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EnvironmentEvent_environmentId_id_idx" ON "EnvironmentEvent"("environmentId", "id");

-- CreateIndex
CREATE INDEX "EnvironmentEvent_kind_id_idx" ON "EnvironmentEvent"("kind", "id");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationChannel_name_key" ON "NotificationChannel"("name");

-- CreateIndex
CREATE INDEX "NotificationSubscription_channelId_idx" ON "NotificationSubscription"("channelId");

-- CreateIndex
CREATE INDEX "NotificationDelivery_channelId_id_idx" ON "NotificationDelivery"("channelId", "id");

-- CreateIndex
CREATE INDEX "NotificationDelivery_eventId_idx" ON "NotificationDelivery"("eventId");

-- AddForeignKey
ALTER TABLE "NotificationSubscription" ADD CONSTRAINT "NotificationSubscription_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationDelivery" ADD CONSTRAINT "NotificationDelivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
