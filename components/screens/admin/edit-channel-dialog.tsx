"use client";
// Edit a notification channel: rename, enable or disable, a new target (URL or recipients: encrypted, never shown
// again) and its subscriptions (which project or environment, which events). Only what changed is sent; the change
// is audited with the target's display form only.
import { useId, useState, type FormEvent } from "react";
import { EVENT_KINDS, type EventKind } from "@/lib/api/events";
import type { ChannelView } from "@/lib/api/responses";
import { channelUpdate, firstIssueMessage, type ChannelUpdate, type SubscriptionInput } from "@/lib/api/schemas";
import { useEnvironments, useProjects } from "@/lib/client/hooks";
import { useUpdateChannel } from "@/lib/client/oncall-hooks";
import { describedBy, Field, FormError } from "../../form-controls";
import { ModalDialog } from "../../modal-dialog";
import { buttonClass, compactSelectClass, inputClass } from "../../ui";

interface Draft {
  key: number;
  /** "" every project and environment, "p:<id>" a project, "e:<id>" an environment. */
  scope: string;
  eventKinds: EventKind[];
}

function toDraft(s: ChannelView["subscriptions"][number], key: number): Draft {
  return {
    key,
    scope: s.environmentId ? `e:${s.environmentId}` : s.projectId ? `p:${s.projectId}` : "",
    eventKinds: s.eventKinds,
  };
}

function toInput(draft: Draft): SubscriptionInput {
  const [kind, id] = draft.scope.split(":");
  return {
    projectId: kind === "p" ? id : null,
    environmentId: kind === "e" ? id : null,
    eventKinds: EVENT_KINDS.filter((k) => draft.eventKinds.includes(k)),
  };
}

const sameSubscriptions = (a: SubscriptionInput[], b: SubscriptionInput[]) => JSON.stringify(a) === JSON.stringify(b);

export function EditChannelDialog({ channel, onClose }: { channel: ChannelView; onClose: () => void }) {
  const id = useId();
  const update = useUpdateChannel();
  const projects = useProjects().data ?? [];
  const environments = useEnvironments().data ?? [];
  const [name, setName] = useState(channel.name);
  const [enabled, setEnabled] = useState(channel.enabled);
  const [target, setTarget] = useState("");
  const [drafts, setDrafts] = useState<Draft[]>(() => channel.subscriptions.map(toDraft));
  const [nextKey, setNextKey] = useState(channel.subscriptions.length);
  const [localError, setLocalError] = useState<string | null>(null);
  const targetLabel = channel.kind === "email" ? "New recipients (comma-separated)" : "New URL";

  function patchDraft(key: number, patch: Partial<Draft>) {
    setDrafts((list) => list.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setLocalError(null);
    if (drafts.some((d) => d.eventKinds.length === 0))
      return setLocalError("Each subscription needs at least one event; remove the ones you do not want.");
    const subscriptions = drafts.map(toInput);
    const before = channel.subscriptions.map((s) => toInput(toDraft(s, 0)));
    const patch: ChannelUpdate = {
      ...(name.trim() !== channel.name ? { name } : {}),
      ...(enabled !== channel.enabled ? { enabled } : {}),
      ...(target.trim() ? { target } : {}),
      ...(!sameSubscriptions(subscriptions, before) ? { subscriptions } : {}),
    };
    if (Object.keys(patch).length === 0) return onClose();
    const input = channelUpdate.safeParse(patch);
    if (!input.success) return setLocalError(firstIssueMessage(input.error));
    update.mutate({ id: channel.id, ...patch }, { onSuccess: onClose });
  }

  return (
    <ModalDialog title={`Edit channel ${channel.name}`} onClose={onClose} testId="edit-channel-dialog">
      <form onSubmit={submit} className="space-y-4" autoComplete="off" aria-label={`Edit channel ${channel.name}`}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={`${id}-name`} label="Name" required>
            <input
              id={`${id}-name`}
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={100}
              className={inputClass}
            />
          </Field>
          <Field
            id={`${id}-target`}
            label={targetLabel}
            hint={
              <>
                Now <span className="font-mono break-all">{channel.targetDisplay}</span>. Leave empty to keep it; a new
                one is encrypted and never shown again.
              </>
            }
          >
            <input
              id={`${id}-target`}
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              spellCheck={false}
              className={`${inputClass} font-mono`}
              aria-describedby={describedBy(`${id}-target`, true, false)}
            />
          </Field>
        </div>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} className="mt-0.5" />
          <span>
            <span className="font-medium">Enabled</span>
            <span className="block text-xs text-muted">
              A disabled channel receives no events (Send test still reaches it).
            </span>
          </span>
        </label>

        <fieldset className="space-y-3">
          <legend className="text-sm font-medium">Subscriptions</legend>
          {drafts.length === 0 ? (
            <p className="text-xs text-muted">
              None: only protected environments&apos; failures, blocks and approval requests reach this channel.
            </p>
          ) : null}
          {drafts.map((draft, index) => (
            <div
              key={draft.key}
              className="space-y-2 rounded-md border border-border p-3"
              data-testid="subscription"
              role="group"
              aria-label={`Subscription ${index + 1}`}
            >
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <label className="flex min-w-0 flex-wrap items-center gap-2">
                  For
                  <select
                    className={`${compactSelectClass} max-w-full`}
                    value={draft.scope}
                    onChange={(e) => patchDraft(draft.key, { scope: e.target.value })}
                  >
                    <option value="">every project and environment</option>
                    {projects.map((p) => (
                      <option key={p.id} value={`p:${p.id}`}>
                        project {p.name}
                      </option>
                    ))}
                    {environments.map((e) => (
                      <option key={e.id} value={`e:${e.id}`}>
                        {e.projectName} / {e.name}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  className={`${buttonClass("ghost", "sm")} ml-auto`}
                  onClick={() => setDrafts((list) => list.filter((d) => d.key !== draft.key))}
                >
                  Remove<span className="sr-only"> subscription {index + 1}</span>
                </button>
              </div>
              <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
                {EVENT_KINDS.map((k) => (
                  <label key={k} className="flex items-center gap-1.5">
                    <input
                      type="checkbox"
                      checked={draft.eventKinds.includes(k)}
                      onChange={(e) =>
                        patchDraft(draft.key, {
                          eventKinds: e.target.checked
                            ? [...draft.eventKinds, k]
                            : draft.eventKinds.filter((x) => x !== k),
                        })
                      }
                    />
                    {k.replaceAll("_", " ")}
                  </label>
                ))}
              </div>
            </div>
          ))}
          <button
            type="button"
            className={buttonClass("secondary", "sm")}
            onClick={() => {
              setDrafts((list) => [...list, { key: nextKey, scope: "", eventKinds: ["failed", "blocked"] }]);
              setNextKey((k) => k + 1);
            }}
          >
            Add subscription
          </button>
        </fieldset>

        {localError ? (
          <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
            {localError}
          </p>
        ) : null}
        <FormError error={update.error} title="The channel was not changed" />
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" className={buttonClass("secondary")} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={buttonClass("primary")} disabled={update.isPending}>
            {update.isPending ? "Saving…" : "Save changes"}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
