"use client";
// Edit an environment: name, a new database URL (tested on the server before it is saved, never shown again),
// schema, timeouts, protection (turning it off needs the name typed) and how often the monitor reads it. Only what
// changed is sent; the route's own schema validates first.
import { useId, useState, type FormEvent } from "react";
import {
  firstIssueMessage,
  monitorIntervalBody,
  testConnectionBody,
  updateEnvironmentBody,
  type UpdateEnvironmentInput,
} from "@/lib/api/schemas";
import { describeError } from "@/lib/client/fetch-json";
import { formatDuration } from "@/lib/client/format";
import { useMonitorSettings, useSetMonitorInterval, useTestConnection, useUpdateEnvironment } from "@/lib/client/hooks";
import type { EnvironmentView } from "@/lib/environments/views";
import { Banner } from "../../banner";
import { ExactTime } from "../../exact-time";
import { describedBy, Field, FormError, FormSection } from "../../form-controls";
import { ModalDialog } from "../../modal-dialog";
import { SecretInput } from "../../secret-input";
import { buttonClass, inputClass } from "../../ui";
import { DisabledReason } from "../../disabled-reason";

interface FormState {
  name: string;
  databaseUrl: string;
  schema: string;
  isProtected: boolean;
  confirmation: string;
  connectTimeoutMs: string;
  statementTimeoutMs: string;
}

function initialForm(env: EnvironmentView): FormState {
  return {
    name: env.name,
    databaseUrl: "",
    schema: env.schema,
    isProtected: env.isProtected,
    confirmation: "",
    connectTimeoutMs: String(env.connectTimeoutMs),
    statementTimeoutMs: String(env.statementTimeoutMs),
  };
}

/** What differs from the environment, as the PATCH body. */
function changes(env: EnvironmentView, form: FormState): UpdateEnvironmentInput {
  const patch: UpdateEnvironmentInput = {};
  if (form.name.trim() !== env.name) patch.name = form.name;
  if (form.databaseUrl.trim()) patch.databaseUrl = form.databaseUrl;
  if (form.schema.trim() !== env.schema) patch.schema = form.schema.trim() || null;
  if (form.isProtected !== env.isProtected) patch.isProtected = form.isProtected;
  if (!form.isProtected && env.isProtected) patch.confirmation = form.confirmation;
  if (Number(form.connectTimeoutMs) !== env.connectTimeoutMs) patch.connectTimeoutMs = Number(form.connectTimeoutMs);
  if (Number(form.statementTimeoutMs) !== env.statementTimeoutMs)
    patch.statementTimeoutMs = Number(form.statementTimeoutMs);
  return patch;
}

function MonitorInterval({ environment }: { environment: EnvironmentView }) {
  const id = useId();
  const settings = useMonitorSettings(environment.id);
  const save = useSetMonitorInterval(environment.id);
  const [typed, setTyped] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const value = typed ?? (settings.data ? String(settings.data.intervalSeconds) : "");
  // Nothing can be saved over an interval not read yet.
  const unreadReason = settings.data
    ? null
    : settings.isError
      ? "Save interval: the current interval could not be read (see below)."
      : "Save interval: reading the current interval…";

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setLocalError(null);
    const input = monitorIntervalBody.safeParse({ intervalSeconds: Number(value) });
    if (!input.success) return setLocalError("Read every 5 to 86,400 seconds (a whole number).");
    save.mutate(input.data, { onSuccess: () => setTyped(null) });
  }

  return (
    <form onSubmit={submit} aria-label={`Monitor interval of ${environment.name}`}>
      <FormSection
        title="Monitor"
        description={
          settings.data?.lastCheckedAt ? (
            <>
              Last read <ExactTime iso={settings.data.lastCheckedAt} />
              {settings.data.lastHealth ? `: ${settings.data.lastHealth.replaceAll("_", " ")}` : ""}.
            </>
          ) : (
            "Not read by the monitor yet."
          )
        }
      >
        <div className="flex flex-wrap items-start gap-3">
          <Field id={`${id}-interval`} label="Read every (seconds)" hint="5 s to 24 h; saved on its own, audited.">
            <input
              id={`${id}-interval`}
              type="number"
              min={5}
              max={86400}
              step={1}
              inputMode="numeric"
              value={value}
              disabled={!settings.data}
              onChange={(e) => setTyped(e.target.value)}
              className={`${inputClass} w-40`}
              aria-describedby={describedBy(`${id}-interval`, true, false)}
            />
          </Field>
          <button
            type="submit"
            className={`${buttonClass("secondary")} mt-6`}
            disabled={save.isPending || !settings.data}
            aria-describedby={unreadReason ? `${id}-interval-reason` : undefined}
          >
            {save.isPending ? "Saving…" : "Save interval"}
          </button>
        </div>
        <DisabledReason id={`${id}-interval-reason`} reason={unreadReason} />
        {save.isSuccess && typed === null ? (
          <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
            Read every {formatDuration(save.data.intervalSeconds * 1000)} from now on.
          </p>
        ) : null}
        {localError ? (
          <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
            {localError}
          </p>
        ) : null}
        <FormError error={save.error ?? settings.error} title="The interval was not saved" />
      </FormSection>
    </form>
  );
}

export function EditEnvironmentDialog({ environment, onClose }: { environment: EnvironmentView; onClose: () => void }) {
  const id = useId();
  const update = useUpdateEnvironment();
  const test = useTestConnection();
  const [form, setForm] = useState<FormState>(() => initialForm(environment));
  const [localError, setLocalError] = useState<string | null>(null);
  const f = (name: string) => `${id}-${name}`;
  const turningOff = environment.isProtected && !form.isProtected;
  const confirmed = !turningOff || form.confirmation === environment.name;

  function set<K extends keyof FormState>(key: K, value: FormState[K]) {
    setForm((current) => ({ ...current, [key]: value }));
    // A test result describes the URL it was run with.
    if ((key === "databaseUrl" || key === "schema") && (test.data || test.error)) test.reset();
  }

  function handleTest() {
    setLocalError(null);
    const input = testConnectionBody.safeParse({
      databaseUrl: form.databaseUrl,
      schema: form.schema.trim() || undefined,
      connectTimeoutMs: Number(form.connectTimeoutMs),
    });
    if (!input.success) return setLocalError(firstIssueMessage(input.error));
    test.mutate(input.data);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setLocalError(null);
    const patch = changes(environment, form);
    if (Object.keys(patch).length === 0) return onClose();
    const input = updateEnvironmentBody.safeParse(patch);
    if (!input.success) return setLocalError(firstIssueMessage(input.error));
    update.mutate(
      { id: environment.id, ...input.data },
      {
        onSuccess: () => {
          // The URL must not linger in the page once it is stored.
          setForm((current) => ({ ...current, databaseUrl: "" }));
          onClose();
        },
      },
    );
  }

  const busy = update.isPending || test.isPending;
  return (
    <ModalDialog
      title={`Edit ${environment.projectName} / ${environment.name}`}
      onClose={onClose}
      testId="edit-environment-dialog"
    >
      <form
        onSubmit={handleSubmit}
        className="space-y-4"
        autoComplete="off"
        aria-label={`Edit environment ${environment.name}`}
      >
        <Field id={f("name")} label="Name" required hint="Unique in the project. Not while an action runs on it.">
          <input
            id={f("name")}
            value={form.name}
            onChange={(e) => set("name", e.target.value)}
            required
            maxLength={50}
            className={inputClass}
            aria-describedby={describedBy(f("name"), true, false)}
          />
        </Field>
        <Field
          id={f("url")}
          label="New database URL (rotation)"
          hint={
            <>
              Now <span className="font-mono break-all">{environment.urlDisplay}</span>. Leave empty to keep it. A new
              URL is tested with a real connection before it is saved, stored encrypted and never shown again.
            </>
          }
        >
          <SecretInput
            id={f("url")}
            revealLabel="new database URL"
            value={form.databaseUrl}
            onChange={(e) => set("databaseUrl", e.target.value)}
            placeholder="postgresql://…"
            aria-describedby={describedBy(f("url"), true, false)}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id={f("schema")} label="Schema" hint="Empty: ?schema= from the URL, else public.">
            <input
              id={f("schema")}
              value={form.schema}
              onChange={(e) => set("schema", e.target.value)}
              spellCheck={false}
              className={`${inputClass} font-mono`}
              aria-describedby={describedBy(f("schema"), true, false)}
            />
          </Field>
          <Field id={f("connect")} label="Connect timeout (ms)">
            <input
              id={f("connect")}
              type="number"
              min={100}
              max={60000}
              step={100}
              inputMode="numeric"
              value={form.connectTimeoutMs}
              onChange={(e) => set("connectTimeoutMs", e.target.value)}
              className={inputClass}
            />
          </Field>
          <Field id={f("statement")} label="Statement timeout (ms)">
            <input
              id={f("statement")}
              type="number"
              min={100}
              max={600000}
              step={100}
              inputMode="numeric"
              value={form.statementTimeoutMs}
              onChange={(e) => set("statementTimeoutMs", e.target.value)}
              className={inputClass}
            />
          </Field>
        </div>

        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            checked={form.isProtected}
            onChange={(e) => set("isProtected", e.target.checked)}
            className="mt-0.5"
          />
          <span>
            <span className="font-medium">Protected</span>
            <span className="block text-xs text-muted">
              Actions on it need its name typed and a second person&apos;s approval.
            </span>
          </span>
        </label>
        {turningOff ? (
          <Banner tone="warning" title="Turning protection off is a dangerous change">
            <p>
              Actions on {environment.name} will run without a typed confirmation or a second person&apos;s approval.
            </p>
            <Field id={f("confirm")} label={`Type ${environment.name} to turn protection off`}>
              <input
                id={f("confirm")}
                data-testid="unprotect-confirmation"
                value={form.confirmation}
                onChange={(e) => set("confirmation", e.target.value)}
                autoComplete="off"
                spellCheck={false}
                className={`${inputClass} font-mono`}
                aria-invalid={form.confirmation.length > 0 && !confirmed ? true : undefined}
              />
            </Field>
          </Banner>
        ) : null}

        <div aria-live="polite" className="space-y-2">
          {test.isSuccess ? (
            <Banner
              tone="success"
              title={`Connected to PostgreSQL ${test.data.serverVersion.replace(/^PostgreSQL\s*/i, "")}`}
            >
              <p>
                {test.data.hasMigrationsTable
                  ? `_prisma_migrations found with ${test.data.migrationCount} recorded migrations.`
                  : "No _prisma_migrations table in this database (or this schema)."}
              </p>
            </Banner>
          ) : null}
          {test.isError ? (
            <Banner tone="danger" title="Connection failed">
              <p>{describeError(test.error)}</p>
            </Banner>
          ) : null}
        </div>
        {localError ? (
          <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
            {localError}
          </p>
        ) : null}
        <FormError error={update.error} title="Nothing was changed" />
        <div className="flex flex-wrap items-center justify-end gap-2">
          <div className="mr-auto space-y-1">
            <DisabledReason
              id={`${id}-test-reason`}
              reason={form.databaseUrl.trim() ? null : "Test new URL: enter a new URL first."}
            />
            <DisabledReason
              id={`${id}-save-reason`}
              reason={confirmed ? null : `Save: type ${environment.name} to turn protection off.`}
            />
          </div>
          <button
            type="button"
            className={buttonClass("secondary")}
            onClick={handleTest}
            disabled={busy || !form.databaseUrl.trim()}
            aria-describedby={form.databaseUrl.trim() ? undefined : `${id}-test-reason`}
          >
            {test.isPending ? "Testing…" : "Test new URL"}
          </button>
          <button type="button" className={buttonClass("secondary")} onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className={buttonClass(turningOff ? "danger" : "primary")}
            disabled={busy || !confirmed}
            aria-describedby={confirmed ? undefined : `${id}-save-reason`}
          >
            {update.isPending ? "Saving…" : "Save changes"}
          </button>
        </div>
      </form>
      <MonitorInterval environment={environment} />
    </ModalDialog>
  );
}
