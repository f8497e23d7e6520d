"use client";
// Single sign-on settings. Linking by email is off by default: an SSO identity is its own account unless an
// admin lets a *verified* email take over the Runway account that already has it.
import { useSettings, useUpdateSettings } from "@/lib/client/hooks";
import { FormError } from "../../form-controls";
import { QueryError } from "../../query-error";

export function SsoSettingsPanel() {
  const settings = useSettings();
  const update = useUpdateSettings();
  return (
    <section aria-labelledby="sso-heading" className="space-y-4">
      <h2 id="sso-heading" className="text-xl font-semibold">
        Single sign-on
      </h2>
      <FormError error={update.error} title="The setting was not saved" />
      {settings.isPending ? (
        <p role="status" className="text-sm text-muted">
          Loading settings…
        </p>
      ) : settings.isError ? (
        <QueryError error={settings.error} what="the settings" onRetry={() => void settings.refetch()} />
      ) : (
        <label className="flex items-start gap-3 rounded-lg border border-border bg-surface p-4 text-sm">
          <input
            type="checkbox"
            className="mt-1"
            checked={settings.data.ssoEmailLinking}
            disabled={update.isPending}
            onChange={(e) => update.mutate({ ssoEmailLinking: e.target.checked })}
          />
          <span>
            <span className="font-medium">Link single sign-on to existing accounts by verified email</span>
            {update.isPending ? <span className="ml-2 text-xs text-muted">Saving…</span> : null}
            <span className="block text-muted">
              When someone signs in through single sign-on for the first time and a Runway account already has their
              email, use that account — only if the provider marks the email verified. Off: such sign-ins are refused.
            </span>
          </span>
        </label>
      )}
    </section>
  );
}
