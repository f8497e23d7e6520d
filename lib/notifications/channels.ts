// Notification channels and their subscriptions, managed by admins. The URL (or recipients) and the signing
// secret are encrypted at rest, bound to the channel's id, and never returned; every change is audited with the
// secret parts redacted (the audit sees targetDisplay, never the URL).
import crypto from "node:crypto";
import type { Actor, RequestOrigin } from "../actions/actor";
import { recordAudit } from "../audit/record-audit";
import { RegistryError } from "../environments/errors";
import type { PrismaClient } from "../generated/prisma/client";
import {
  channelInput,
  channelUpdate,
  httpUrl,
  recipients,
  subscriptionInput,
  type ChannelInput,
  type ChannelUpdate,
} from "../api/schemas";
import { decryptSecret, encryptSecret } from "../server/secrets";
import type { ChannelKind } from "../api/notifications";
import type { ChannelView, CreatedChannelView, DeliveryView, SubscriptionView } from "./views";

export interface ChannelsContext {
  prisma: PrismaClient;
  secretKey: Buffer;
  /** Email channels need SMTP: refused when it is not configured. */
  smtpConfigured?: boolean;
}

/** Enough to recognise a target, nothing that grants access: the host, never the path or query (Slack's secret). */
export function displayTarget(kind: ChannelKind, target: string): string {
  if (kind === "email")
    return target
      .split(",")
      .map((r) => r.trim().replace(/^(.).*@/, "$1…@"))
      .join(", ");
  const url = new URL(target);
  return `${url.protocol}//${url.host}/…`;
}

const context = (id: string) => `channel:${id}`;

type ChannelRow = Awaited<ReturnType<PrismaClient["notificationChannel"]["findFirstOrThrow"]>> & {
  subscriptions: Array<{ id: string; projectId: string | null; environmentId: string | null; eventKinds: string[] }>;
};

function toChannelView(row: ChannelRow): ChannelView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ChannelKind,
    targetDisplay: row.targetDisplay,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    subscriptions: row.subscriptions.map((s) => ({
      id: s.id,
      projectId: s.projectId,
      environmentId: s.environmentId,
      eventKinds: s.eventKinds as SubscriptionView["eventKinds"],
    })),
  };
}

/** What the audit log keeps of a channel: everything but the URL/recipients and the secret. */
function auditShape(view: ChannelView) {
  return {
    name: view.name,
    kind: view.kind,
    target: view.targetDisplay,
    enabled: view.enabled,
    subscriptions: view.subscriptions.map(({ id: _id, ...s }) => s),
  };
}

export async function listChannels(ctx: ChannelsContext): Promise<ChannelView[]> {
  const rows = await ctx.prisma.notificationChannel.findMany({
    include: { subscriptions: { orderBy: { createdAt: "asc" } } },
    orderBy: { name: "asc" },
  });
  return rows.map(toChannelView);
}

async function loadChannel(ctx: ChannelsContext, id: string): Promise<ChannelView> {
  const row = await ctx.prisma.notificationChannel.findUnique({
    where: { id },
    include: { subscriptions: { orderBy: { createdAt: "asc" } } },
  });
  if (!row) throw new RegistryError("not_found", "channel_not_found", "No such notification channel.");
  return toChannelView(row);
}

function checkTarget(ctx: ChannelsContext, kind: ChannelKind, target: string) {
  const parsed = kind === "email" ? recipients.safeParse(target) : httpUrl.safeParse(target);
  if (!parsed.success)
    throw new RegistryError(
      "invalid",
      "invalid_target",
      kind === "email" ? "Give comma-separated email addresses." : "Give an http(s) URL.",
    );
  if (kind === "email" && !ctx.smtpConfigured)
    throw new RegistryError(
      "invalid",
      "smtp_not_configured",
      "Email channels need SMTP: set RUNWAY_SMTP_URL and RUNWAY_SMTP_FROM on the server.",
    );
  return parsed.data;
}

export async function createChannel(
  ctx: ChannelsContext,
  raw: ChannelInput,
  actor: Actor,
  origin: RequestOrigin | null,
): Promise<CreatedChannelView> {
  const input = channelInput.parse(raw);
  const target = checkTarget(ctx, input.kind, input.kind === "email" ? input.recipients : input.url);
  if (await ctx.prisma.notificationChannel.findUnique({ where: { name: input.name } }))
    throw new RegistryError("conflict", "channel_exists", `A channel named "${input.name}" exists already.`);
  const id = crypto.randomUUID();
  const signingSecret = input.kind === "webhook" ? `whsec_${crypto.randomBytes(24).toString("base64url")}` : null;
  await ctx.prisma.notificationChannel.create({
    data: {
      id,
      name: input.name,
      kind: input.kind,
      encryptedTarget: encryptSecret(target, ctx.secretKey, context(id)),
      targetDisplay: displayTarget(input.kind, target),
      encryptedSecret: signingSecret && encryptSecret(signingSecret, ctx.secretKey, context(id)),
      subscriptions: { create: input.subscriptions },
    },
  });
  const view = await loadChannel(ctx, id);
  await recordAudit(ctx.prisma, {
    event: "channel_created",
    actor,
    outcome: "accepted",
    arguments: { before: null, after: auditShape(view) },
    origin,
  });
  return { ...view, signingSecret };
}

export async function updateChannel(
  ctx: ChannelsContext,
  id: string,
  raw: ChannelUpdate,
  actor: Actor,
  origin: RequestOrigin | null,
): Promise<ChannelView> {
  const input = channelUpdate.parse(raw);
  const before = await loadChannel(ctx, id);
  const data: Record<string, unknown> = {};
  if (input.name !== undefined && input.name !== before.name) {
    if (await ctx.prisma.notificationChannel.findUnique({ where: { name: input.name } }))
      throw new RegistryError("conflict", "channel_exists", `A channel named "${input.name}" exists already.`);
    data.name = input.name;
  }
  if (input.enabled !== undefined) data.enabled = input.enabled;
  if (input.target !== undefined) {
    const target = checkTarget(ctx, before.kind, input.target);
    data.encryptedTarget = encryptSecret(target, ctx.secretKey, context(id));
    data.targetDisplay = displayTarget(before.kind, target);
  }
  await ctx.prisma.$transaction(async (tx) => {
    await tx.notificationChannel.update({ where: { id }, data });
    if (input.subscriptions) {
      await tx.notificationSubscription.deleteMany({ where: { channelId: id } });
      await tx.notificationSubscription.createMany({
        data: input.subscriptions.map((s) => ({ ...subscriptionInput.parse(s), channelId: id })),
      });
    }
  });
  const after = await loadChannel(ctx, id);
  await recordAudit(ctx.prisma, {
    event: "channel_updated",
    actor,
    outcome: "accepted",
    arguments: { before: auditShape(before), after: auditShape(after), targetChanged: input.target !== undefined },
    origin,
  });
  return after;
}

export async function deleteChannel(
  ctx: ChannelsContext,
  id: string,
  actor: Actor,
  origin: RequestOrigin | null,
): Promise<void> {
  const before = await loadChannel(ctx, id);
  await ctx.prisma.notificationChannel.delete({ where: { id } });
  await recordAudit(ctx.prisma, {
    event: "channel_deleted",
    actor,
    outcome: "accepted",
    arguments: { before: auditShape(before), after: null },
    origin,
  });
}

/** Server-only: the decrypted URL/recipients and secret, for sending. */
export async function loadChannelTarget(ctx: ChannelsContext, id: string) {
  const row = await ctx.prisma.notificationChannel.findUnique({ where: { id } });
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ChannelKind,
    enabled: row.enabled,
    target: decryptSecret(row.encryptedTarget, ctx.secretKey, context(id)),
    secret: row.encryptedSecret ? decryptSecret(row.encryptedSecret, ctx.secretKey, context(id)) : null,
  };
}
export type ChannelTarget = NonNullable<Awaited<ReturnType<typeof loadChannelTarget>>>;

export async function listDeliveries(ctx: ChannelsContext, channelId: string, limit = 50): Promise<DeliveryView[]> {
  const rows = await ctx.prisma.notificationDelivery.findMany({
    where: { channelId },
    orderBy: { id: "desc" },
    take: limit,
  });
  return rows.map((r) => ({
    id: String(r.id),
    channelId: r.channelId,
    eventId: r.eventId === null ? null : String(r.eventId),
    eventKind: r.eventKind,
    attempt: r.attempt,
    at: r.at.toISOString(),
    ok: r.ok,
    responseCode: r.responseCode,
    error: r.error,
    durationMs: r.durationMs,
  }));
}
