"use client";
// A git source's webhook URL and secret, shown once (after the project is created, or the secret regenerated),
// with how to set the hook up in GitHub, GitLab, or anything that can send a request.
import type { GitWebhookSecretView } from "@/lib/api/responses";
import { Banner } from "../../banner";
import { CopyButton } from "../../copy-button";
import { buttonClass } from "../../ui";

function Value({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="space-y-1">
      <p className="text-xs font-medium">{label}</p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          data-testid={testId}
          className="min-w-0 flex-1 rounded-md border border-border bg-surface px-3 py-2 font-mono text-xs break-all text-foreground select-all"
        >
          {value}
        </code>
        <CopyButton value={value} label={`the ${label.toLowerCase()}`} />
      </div>
    </div>
  );
}

export function GitWebhookSecret({ webhook, onDone }: { webhook: GitWebhookSecretView; onDone(): void }) {
  const curl = `curl -X POST -H "Authorization: Bearer $RUNWAY_WEBHOOK_SECRET" ${webhook.webhookUrl}`;
  return (
    <Banner tone="success" testId="git-webhook-secret" title="Push webhook">
      <p className="font-semibold">Copy the secret now: it will not be shown again. Runway keeps it encrypted.</p>
      <Value label="Payload URL" value={webhook.webhookUrl} testId="git-webhook-url" />
      <Value label="Secret" value={webhook.secret} testId="git-webhook-secret-value" />
      <ul className="list-disc space-y-1 pl-5 text-xs">
        <li>
          GitHub: Settings → Webhooks → Add webhook; the payload URL, content type <code>application/json</code>, this
          secret, “Just the push event”.
        </li>
        <li>GitLab: Settings → Webhooks; the URL, this secret as the secret token, trigger “Push events”.</li>
        <li>
          Anything else (CI after a merge): <code className="break-all">{curl}</code>
        </li>
      </ul>
      <p className="text-xs">Without a webhook, Runway still fetches on its schedule.</p>
      <button type="button" className={buttonClass("secondary", "sm")} onClick={onDone}>
        I have copied it
      </button>
    </Banner>
  );
}
