"use client";
// Add an environment: which project, a name, and how to reach its database. The URL is secret: it is typed in,
// tested, sent once, and never shown again (the response's urlDisplay has no password).
import { useId, useState, type FormEvent } from "react";
import type { ProjectView } from "@/lib/environments/views";
import {
  createEnvironmentBody,
  firstIssueMessage,
  testConnectionBody,
  type CreateEnvironmentInput,
} from "@/lib/api/schemas";
import { describeError } from "@/lib/client/fetch-json";
import { useCreateEnvironment, useTestConnection } from "@/lib/client/hooks";
import { Banner } from "../../banner";
import { DisabledReason } from "../../disabled-reason";
import { describedBy, Field, FormError, FormSection } from "../../form-controls";
import { SecretInput } from "../../secret-input";
import { buttonClass, inputClass } from "../../ui";

interface FormState {
  projectId: string;
  name: string;
  databaseUrl: string;
  schema: string;
  isProtected: boolean;
  position: string;
  connectTimeoutMs: string;
  statementTimeoutMs: string;
}

function emptyForm(projectId: string): FormState {
  return {
    projectId,
    name: "",
    databaseUrl: "",
    schema: "",
    isProtected: false,
    position: "",
    connectTimeoutMs: "",
    statementTimeoutMs: "",
  };
}

/** Empty → omitted (the server's default applies); otherwise the number typed, which the schema checks. */
function optionalNumber(value: string): number | undefined {
  return value.trim() === "" ? undefined : Number(value);
}

/** The form as the route's body, validated by the route's own schema (the same messages as a 400 would carry). */
function buildInput(form: FormState): CreateEnvironmentInput | string {
  const input = createEnvironmentBody.safeParse({
    projectId: form.projectId,
    name: form.name,
    databaseUrl: form.databaseUrl,
    schema: form.schema.trim() || undefined,
    isProtected: form.isProtected,
    position: optionalNumber(form.position),
    connectTimeoutMs: optionalNumber(form.connectTimeoutMs),
    statementTimeoutMs: optionalNumber(form.statementTimeoutMs),
  });
  return input.success ? input.data : firstIssueMessage(input.error);
}

export function NewEnvironmentForm({ projects }: { projects: ProjectView[] }) {
  const id = useId();
  const create = useCreateEnvironment();
  const test = useTestConnection();
  const [form, setForm] = useState<FormState>(() => emptyForm(projects[0]?.id ?? ""));
  const [localError, setLocalError] = useState<string | null>(null);

  function update<K extends keyof FormState>(key: K, value: FormState[K]) {
    setForm((current) => ({ ...current, [key]: value }));
    // A test result describes the URL it was run with; drop it once the URL or schema changes.
    if ((key === "databaseUrl" || key === "schema" || key === "connectTimeoutMs") && (test.data || test.error))
      test.reset();
  }

  function handleTest() {
    setLocalError(null);
    const connectTimeoutMs = optionalNumber(form.connectTimeoutMs);
    const input = testConnectionBody.safeParse({
      databaseUrl: form.databaseUrl,
      schema: form.schema.trim() || undefined,
      // Test with the timeout the environment will use, so "works in the test" means "works on the overview".
      connectTimeoutMs,
    });
    if (!input.success) return setLocalError(firstIssueMessage(input.error));
    test.mutate(input.data);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setLocalError(null);
    const input = buildInput(form);
    if (typeof input === "string") return setLocalError(input);
    create.mutate(input, {
      onSuccess: () => {
        // Forget the URL right away: it must not linger in the page after it was stored.
        setForm(emptyForm(form.projectId));
        test.reset();
      },
    });
  }

  const busy = create.isPending || test.isPending;
  const f = (name: string) => `${id}-${name}`;

  return (
    <form onSubmit={handleSubmit} aria-label="New environment" autoComplete="off" data-testid="new-environment-form">
      <FormSection title="New environment">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={f("project")} label="Project" required>
            <select
              id={f("project")}
              value={form.projectId}
              onChange={(e) => update("projectId", e.target.value)}
              className={inputClass}
            >
              {projects.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id={f("name")} label="Name" required hint="As your team says it: dev, staging, prod…">
            <input
              id={f("name")}
              value={form.name}
              onChange={(e) => update("name", e.target.value)}
              required
              maxLength={50}
              className={inputClass}
              aria-describedby={describedBy(f("name"), true, false)}
            />
          </Field>
        </div>

        <Field
          id={f("url")}
          label="Database URL"
          required
          hint="postgresql://user:password@host:5432/db — stored encrypted, never shown again. Prefer a read-only user for viewing."
        >
          <SecretInput
            id={f("url")}
            revealLabel="database URL"
            value={form.databaseUrl}
            onChange={(e) => update("databaseUrl", e.target.value)}
            required
            placeholder="postgresql://…"
            aria-describedby={describedBy(f("url"), true, false)}
          />
        </Field>

        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={f("schema")} label="Schema" hint="Leave empty to use ?schema= from the URL, else public.">
            <input
              id={f("schema")}
              value={form.schema}
              onChange={(e) => update("schema", e.target.value)}
              spellCheck={false}
              className={`${inputClass} font-mono`}
              aria-describedby={describedBy(f("schema"), true, false)}
            />
          </Field>
          <Field id={f("position")} label="Position" hint="Column order on the overview: dev first, prod last.">
            <input
              id={f("position")}
              type="number"
              min={0}
              max={1000}
              step={1}
              inputMode="numeric"
              value={form.position}
              onChange={(e) => update("position", e.target.value)}
              className={inputClass}
              aria-describedby={describedBy(f("position"), true, false)}
            />
          </Field>
          <Field id={f("connect")} label="Connect timeout (ms)" hint="Empty: server default.">
            <input
              id={f("connect")}
              type="number"
              min={100}
              max={60000}
              step={100}
              inputMode="numeric"
              value={form.connectTimeoutMs}
              onChange={(e) => update("connectTimeoutMs", e.target.value)}
              className={inputClass}
              aria-describedby={describedBy(f("connect"), true, false)}
            />
          </Field>
          <Field id={f("statement")} label="Statement timeout (ms)" hint="Empty: server default.">
            <input
              id={f("statement")}
              type="number"
              min={100}
              max={600000}
              step={100}
              inputMode="numeric"
              value={form.statementTimeoutMs}
              onChange={(e) => update("statementTimeoutMs", e.target.value)}
              className={inputClass}
              aria-describedby={describedBy(f("statement"), true, false)}
            />
          </Field>
        </div>

        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            checked={form.isProtected}
            onChange={(e) => update("isProtected", e.target.checked)}
            className="mt-0.5"
          />
          <span>
            <span className="font-medium">Protected</span>
            <span className="block text-xs text-muted">Production-like: actions on it need extra confirmation.</span>
          </span>
        </label>

        <div aria-live="polite" className="space-y-2">
          {test.isSuccess ? (
            <Banner
              tone="success"
              title={`Connected to PostgreSQL ${test.data.serverVersion.replace(/^PostgreSQL\s*/i, "")}`}
            >
              <p>
                {test.data.hasMigrationsTable
                  ? `_prisma_migrations found with ${test.data.migrationCount} recorded migrations.`
                  : "No _prisma_migrations table: Prisma Migrate has not run on this database (or this schema) yet."}
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
        <FormError error={create.error} title="The environment was not added" />
        {create.isSuccess ? (
          <Banner tone="success" title={`Environment “${create.data.name}” added`}>
            <p>
              Database <span className="font-mono text-xs break-all">{create.data.urlDisplay}</span>, schema{" "}
              <span className="font-mono text-xs">{create.data.schema}</span>.
            </p>
          </Banner>
        ) : null}

        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            onClick={handleTest}
            disabled={busy}
            aria-describedby={busy ? `${id}-busy` : undefined}
            className={buttonClass("secondary")}
          >
            {test.isPending ? "Testing…" : "Test connection"}
          </button>
          <button
            type="submit"
            disabled={busy}
            aria-describedby={busy ? `${id}-busy` : undefined}
            className={buttonClass("primary")}
          >
            {create.isPending ? "Adding…" : "Add environment"}
          </button>
        </div>
        <DisabledReason
          id={`${id}-busy`}
          reason={
            test.isPending ? "Testing the connection…" : create.isPending ? "Testing and adding the environment…" : null
          }
        />
      </FormSection>
    </form>
  );
}
