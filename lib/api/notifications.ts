// The kinds of notification channel, defined once: the type and the zod discriminants come from this tuple.
export const CHANNEL_KINDS = ["webhook", "slack", "email"] as const;

export type ChannelKind = (typeof CHANNEL_KINDS)[number];
