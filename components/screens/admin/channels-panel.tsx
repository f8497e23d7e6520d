"use client";
// Notification channels: generic webhooks (signed, the secret shown once), Slack incoming webhooks and email
// (when SMTP is configured). Each has subscriptions (project/environment, event kinds), a "send test" button,
// a delivery log with response codes, and an edit dialog (rename, enable/disable, new target, subscriptions).
// Protected environments notify every channel of failures, blocks and approval requests without a subscription.
// URLs are never shown again after saving.
import { useId, useState, type FormEvent } from "react";
import { useEnvironments, useProjects } from "@/lib/client/hooks";
import {
  useChannels,
  useCreateChannel,
  useDeleteChannel,
  useDeliveries,
  useTestChannel,
  useUpdateChannel,
} from "@/lib/client/oncall-hooks";
import { EVENT_KINDS, type EventKind } from "@/lib/api/events";
import { CHANNEL_KINDS, type ChannelKind } from "@/lib/api/notifications";
import type { ChannelView, CreatedChannelView } from "@/lib/api/responses";
import { Banner } from "../../banner";
import { CopyButton } from "../../copy-button";
import { ExactTime } from "../../exact-time";
import { Field, FormError, FormSection } from "../../form-controls";
import { QueryError } from "../../query-error";
import { buttonClass, compactSelectClass, inputClass } from "../../ui";
import { EditChannelDialog } from "./edit-channel-dialog";

const KIND_LABELS: Record<ChannelKind, string> = {
  webhook: "Webhook (signed JSON)",
  slack: "Slack incoming webhook",
  email: "Email (SMTP)",
};
const DEFAULT_KINDS: EventKind[] = [
  "failed",
  "blocked",
  "unreachable",
  "drifted",
  "recovered",
  "deployed",
  "approval_requested",
];

function Deliveries({ channelId }: { channelId: string }) {
  const deliveries = useDeliveries(channelId, true);
  if (!deliveries.data) return null;
  if (deliveries.data.length === 0) return <p className="text-xs text-muted">No deliveries yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-xs" data-testid="delivery-log">
        <thead className="text-left text-muted">
          <tr>
            <th className="py-1 pr-3 font-medium">When</th>
            <th className="py-1 pr-3 font-medium">Event</th>
            <th className="py-1 pr-3 font-medium">Attempt</th>
            <th className="py-1 pr-3 font-medium">Result</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.data.map((d) => (
            <tr key={d.id} data-testid="delivery" data-ok={d.ok}>
              <td className="py-1 pr-3">
                <ExactTime iso={d.at} />
              </td>
              <td className="py-1 pr-3">{d.eventKind.replaceAll("_", " ")}</td>
              <td className="py-1 pr-3">{d.attempt}</td>
              <td
                className={`py-1 pr-3 ${d.ok ? "text-emerald-800 dark:text-emerald-300" : "text-red-700 dark:text-red-400"}`}
              >
                {d.responseCode ?? "—"} {d.ok ? "ok" : (d.error ?? "failed")} · {d.durationMs} ms
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChannelRow({ channel }: { channel: ChannelView }) {
  const test = useTestChannel();
  const remove = useDeleteChannel();
  const toggle = useUpdateChannel();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const environments = useEnvironments().data ?? [];
  const projects = useProjects().data ?? [];
  const scopeName = (s: ChannelView["subscriptions"][number]) =>
    s.environmentId
      ? (environments.find((e) => e.id === s.environmentId)?.name ?? s.environmentId)
      : s.projectId
        ? `project ${projects.find((p) => p.id === s.projectId)?.name ?? s.projectId}`
        : "every environment";
  return (
    <li
      className="space-y-2 rounded-lg border border-border p-3"
      data-testid="channel-row"
      data-channel-name={channel.name}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-semibold break-all">{channel.name}</span>
        {channel.enabled ? null : (
          <span
            className="rounded-full border border-border px-2 py-0.5 text-xs text-muted"
            data-testid="channel-disabled"
          >
            disabled
          </span>
        )}
        <span className="min-w-0 text-xs break-all text-muted">
          {KIND_LABELS[channel.kind]} · <span className="font-mono">{channel.targetDisplay}</span>
        </span>
        <span className="ml-auto flex flex-wrap gap-2">
          <button
            type="button"
            className={buttonClass("secondary", "sm")}
            disabled={toggle.isPending}
            onClick={() => toggle.mutate({ id: channel.id, enabled: !channel.enabled })}
          >
            {channel.enabled ? "Disable" : "Enable"}
            <span className="sr-only"> {channel.name}</span>
          </button>
          <button type="button" className={buttonClass("secondary", "sm")} onClick={() => setEditing(true)}>
            Edit<span className="sr-only"> {channel.name}</span>
          </button>
          <button
            type="button"
            data-testid="channel-test"
            disabled={test.isPending}
            className={buttonClass("secondary", "sm")}
            onClick={() => test.mutate(channel.id, { onSuccess: () => setOpen(true) })}
          >
            {test.isPending ? "Sending…" : "Send test"}
          </button>
          <button
            type="button"
            className={buttonClass("ghost", "sm")}
            onClick={() => setOpen(!open)}
            aria-expanded={open}
          >
            Delivery log
          </button>
          <button
            type="button"
            disabled={remove.isPending}
            className={buttonClass("secondary", "sm")}
            onClick={() => remove.mutate(channel.id)}
          >
            {remove.isPending ? "Deleting…" : "Delete"}
            <span className="sr-only"> {channel.name}</span>
          </button>
        </span>
      </div>
      <p className="text-xs text-muted">
        {channel.subscriptions.length === 0
          ? "No subscriptions: protected environments' failures, blocks and approval requests only."
          : channel.subscriptions.map((s) => `${scopeName(s)}: ${s.eventKinds.join(", ")}`).join(" · ")}
      </p>
      {test.data ? (
        <p
          role="status"
          data-testid="channel-test-result"
          className={`text-sm ${test.data.ok ? "text-emerald-800 dark:text-emerald-300" : "text-red-700 dark:text-red-400"}`}
        >
          Test {test.data.ok ? "delivered" : "failed"}: {test.data.responseCode ?? ""} {test.data.error ?? ""}
        </p>
      ) : null}
      {test.error ? <FormError error={test.error} title="Test not sent" /> : null}
      {toggle.error ? <FormError error={toggle.error} title="The channel was not changed" /> : null}
      {editing ? <EditChannelDialog channel={channel} onClose={() => setEditing(false)} /> : null}
      {open ? <Deliveries channelId={channel.id} /> : null}
    </li>
  );
}

function NewChannelForm({ onCreated }: { onCreated: (created: CreatedChannelView) => void }) {
  const id = useId();
  const create = useCreateChannel();
  const environments = useEnvironments().data ?? [];
  const [kind, setKind] = useState<ChannelKind>("webhook");
  const [name, setName] = useState("");
  const [target, setTarget] = useState("");
  const [environmentId, setEnvironmentId] = useState("");
  const [kinds, setKinds] = useState<EventKind[]>(DEFAULT_KINDS);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const subscriptions =
      kinds.length > 0 ? [{ projectId: null, environmentId: environmentId || null, eventKinds: kinds }] : [];
    create.mutate(
      kind === "email" ? { kind, name, recipients: target, subscriptions } : { kind, name, url: target, subscriptions },
      {
        onSuccess: (created) => {
          setName("");
          setTarget("");
          onCreated(created);
        },
      },
    );
  }

  return (
    <form onSubmit={submit} aria-label="New notification channel">
      <FormSection title="New channel">
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id={`${id}-kind`} label="Kind">
            <select
              id={`${id}-kind`}
              className={inputClass}
              value={kind}
              onChange={(e) => setKind(e.target.value as ChannelKind)}
              data-testid="channel-kind"
            >
              {CHANNEL_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </Field>
          <Field id={`${id}-name`} label="Name" required>
            <input
              id={`${id}-name`}
              className={inputClass}
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={100}
              data-testid="channel-name"
            />
          </Field>
          <Field
            id={`${id}-target`}
            label={kind === "email" ? "Recipients (comma-separated)" : "URL"}
            hint="Encrypted at rest; never shown again."
            required
          >
            <input
              id={`${id}-target`}
              className={inputClass}
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              required
              autoComplete="off"
              data-testid="channel-target"
            />
          </Field>
        </div>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <label className="flex min-w-0 flex-wrap items-center gap-2">
            Environment
            <select
              className={`${compactSelectClass} max-w-full`}
              value={environmentId}
              onChange={(e) => setEnvironmentId(e.target.value)}
            >
              <option value="">Every environment</option>
              {environments.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.projectName}/{e.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <fieldset className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <legend className="mb-1 text-sm font-medium">Events</legend>
          {EVENT_KINDS.map((k) => (
            <label key={k} className="flex items-center gap-1.5">
              <input
                type="checkbox"
                checked={kinds.includes(k)}
                onChange={(e) => setKinds(e.target.checked ? [...kinds, k] : kinds.filter((x) => x !== k))}
              />
              {k.replaceAll("_", " ")}
            </label>
          ))}
        </fieldset>
        <FormError error={create.error} />
        <button
          type="submit"
          disabled={create.isPending}
          className={buttonClass("primary")}
          data-testid="channel-create"
        >
          {create.isPending ? "Saving…" : "Add channel"}
        </button>
      </FormSection>
    </form>
  );
}

export function ChannelsPanel() {
  const channels = useChannels();
  const [created, setCreated] = useState<CreatedChannelView | null>(null);
  return (
    <section aria-labelledby="channels-heading" className="space-y-4">
      <h2 id="channels-heading" className="text-xl font-semibold">
        Notifications
      </h2>
      {created?.signingSecret ? (
        <Banner tone="success" testId="channel-secret" title={`Webhook “${created.name}” created`}>
          <p className="font-semibold">
            Its signing secret, shown this once: receivers check X-Runway-Signature with it.
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code className="min-w-0 flex-1 rounded-md border border-border bg-surface px-3 py-2 font-mono text-xs break-all select-all">
              {created.signingSecret}
            </code>
            <CopyButton value={created.signingSecret} label="the signing secret" />
          </div>
          <button type="button" className={buttonClass("secondary", "sm")} onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </Banner>
      ) : null}
      {channels.isError ? (
        <QueryError error={channels.error} what="the channels" onRetry={() => void channels.refetch()} />
      ) : null}
      {channels.data && channels.data.length > 0 ? (
        <ul className="space-y-2">
          {channels.data.map((c) => (
            <ChannelRow key={c.id} channel={c} />
          ))}
        </ul>
      ) : channels.data ? (
        <p className="text-sm text-muted">No channels yet: nobody is told when an environment fails.</p>
      ) : null}
      <NewChannelForm onCreated={setCreated} />
    </section>
  );
}
