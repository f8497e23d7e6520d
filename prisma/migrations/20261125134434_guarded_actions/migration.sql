-- CreateEnum
CREATE TYPE "ActionKind" AS ENUM ('resolve_rolled_back', 'resolve_applied', 'deploy');

-- CreateEnum
CREATE TYPE "ActionStatus" AS ENUM ('queued', 'awaiting_approval', 'running', 'succeeded', 'failed', 'interrupted', 'rejected');

-- CreateTable
CREATE TABLE "Action" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "kind" "ActionKind" NOT NULL,
    "migrationName" TEXT,
    "status" "ActionStatus" NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedByLabel" TEXT NOT NULL,
    "requestedByRole" "Role" NOT NULL,
    "expectedFingerprint" TEXT NOT NULL,
    "fingerprintAfter" TEXT,
    "approvalExpiresAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "decidedByLabel" TEXT,
    "decidedAt" TIMESTAMP(3),
    "error" JSONB,
    "result" JSONB,
    "workerId" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionLogLine" (
    "id" BIGSERIAL NOT NULL,
    "actionId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "level" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "migrationName" TEXT,

    CONSTRAINT "ActionLogLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnvironmentActionLock" (
    "environmentId" TEXT NOT NULL,
    "actionId" TEXT NOT NULL,
    "acquiredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EnvironmentActionLock_pkey" PRIMARY KEY ("environmentId")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "event" TEXT NOT NULL,
    "actor" TEXT,
    "actorLabel" TEXT,
    "actorRole" TEXT,
    "environmentId" TEXT,
    "environmentName" TEXT,
    "actionId" TEXT,
    "actionKind" TEXT,
    "outcome" TEXT,
    "arguments" JSONB,
    "fingerprintBefore" TEXT,
    "fingerprintAfter" TEXT,
    "engineLog" JSONB,
    "message" TEXT,
    "durationMs" INTEGER,
    "clientAddress" TEXT,
    "userAgent" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Action_environmentId_createdAt_idx" ON "Action"("environmentId", "createdAt");

-- CreateIndex
CREATE INDEX "Action_status_idx" ON "Action"("status");

-- CreateIndex
CREATE INDEX "ActionLogLine_actionId_id_idx" ON "ActionLogLine"("actionId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "EnvironmentActionLock_actionId_key" ON "EnvironmentActionLock"("actionId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash");

-- CreateIndex
CREATE INDEX "AuditEvent_environmentId_at_idx" ON "AuditEvent"("environmentId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionLogLine" ADD CONSTRAINT "ActionLogLine_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnvironmentActionLock" ADD CONSTRAINT "EnvironmentActionLock_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnvironmentActionLock" ADD CONSTRAINT "EnvironmentActionLock_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Append-only audit log: UPDATE, DELETE and TRUNCATE are refused whatever the role. (A superuser who disables
-- these triggers and edits a row is caught by the hash chain: lib/audit/verify-audit.ts.)
CREATE FUNCTION "runway_audit_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "AuditEvent_append_only_rows" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "runway_audit_append_only"();

CREATE TRIGGER "AuditEvent_append_only_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "runway_audit_append_only"();
