// The JSON contract of the notification routes. Types and constants only: safe for client components.
// No URL, recipient list or secret ever appears here, only targetDisplay.
import type { EventKind } from "../api/events";
import type { ChannelKind } from "../api/notifications";

export { CHANNEL_KINDS, type ChannelKind } from "../api/notifications";

export interface SubscriptionView {
  id: string;
  projectId: string | null;
  environmentId: string | null;
  eventKinds: EventKind[];
}

export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  /** `https://hooks.example.com/…`, or the recipients' domains: enough to recognise it, never the secret part. */
  targetDisplay: string;
  enabled: boolean;
  createdAt: string;
  subscriptions: SubscriptionView[];
}

/** Returned once, when a webhook channel is created: the signing secret is never shown again. */
export interface CreatedChannelView extends ChannelView {
  signingSecret: string | null;
}

export interface DeliveryView {
  id: string;
  channelId: string;
  eventId: string | null;
  eventKind: string;
  attempt: number;
  at: string;
  ok: boolean;
  responseCode: number | null;
  error: string | null;
  durationMs: number;
}
