"use client";
// Add an environment: which project, a name, and how to reach its database. The URL is secret: it is typed in,
// tested, sent once, and never shown again (the response's urlDisplay has no password).
import { useId, useState, type FormEvent } from "react";
import type { ProjectView } from "@/lib/environments/views";
import type { CreateEnvironmentInput } from "@/lib/client/api-types";
import { describeError } from "@/lib/client/fetch-json";
import { useCreateEnvironment, useTestConnection } from "@/lib/client/hooks";
import { Banner } from "../../banner";
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

/** Empty → omitted (the server's default applies); otherwise a whole number. */
function parseOptionalInt(value: string): number | undefined | "invalid" {
  if (value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isInteger(number) && number >= 0 ? number : "invalid";
}

function buildInput(form: FormState): CreateEnvironmentInput | string {
  if (!form.name.trim()) return "Give the environment a name (e.g. dev, staging, prod).";
  if (!/^[\w .-]+$/.test(form.name.trim())) return "The name may use letters, digits, spaces, dots, dashes and underscores only.";
  if (!form.databaseUrl.trim()) return "Enter the database URL.";
  const position = parseOptionalInt(form.position);
  const connectTimeoutMs = parseOptionalInt(form.connectTimeoutMs);
  const statementTimeoutMs = parseOptionalInt(form.statementTimeoutMs);
  if (position === "invalid" || connectTimeoutMs === "invalid" || statementTimeoutMs === "invalid") {
    return "Position and timeouts must be whole numbers (or left empty for the defaults).";
  }
  if (position !== undefined && position > 1000) return "Position must be between 0 and 1000.";
  if (connectTimeoutMs !== undefined && (connectTimeoutMs < 100 || connectTimeoutMs > 60_000))
    return "The connect timeout must be between 100 and 60000 ms.";
  if (statementTimeoutMs !== undefined && (statementTimeoutMs < 100 || statementTimeoutMs > 600_000))
    return "The statement timeout must be between 100 and 600000 ms.";
  return {
    projectId: form.projectId,
    name: form.name.trim(),
    databaseUrl: form.databaseUrl.trim(),
    ...(form.schema.trim() ? { schema: form.schema.trim() } : {}),
    isProtected: form.isProtected,
    ...(position !== undefined ? { position } : {}),
    ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}),
    ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}),
  };
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
    if ((key === "databaseUrl" || key === "schema" || key === "connectTimeoutMs") && (test.data || test.error)) test.reset();
  }

  function handleTest() {
    setLocalError(null);
    if (!form.databaseUrl.trim()) return setLocalError("Enter the database URL to test.");
    const connectTimeoutMs = parseOptionalInt(form.connectTimeoutMs);
    test.mutate({
      databaseUrl: form.databaseUrl.trim(),
      ...(form.schema.trim() ? { schema: form.schema.trim() } : {}),
      // Test with the timeout the environment will use, so "works in the test" means "works on the overview".
      ...(typeof connectTimeoutMs === "number" && connectTimeoutMs >= 100 ? { connectTimeoutMs } : {}),
    });
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
            <Banner tone="success" title={`Connected to PostgreSQL ${test.data.serverVersion.replace(/^PostgreSQL\s*/i, "")}`}>
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
          <button type="button" onClick={handleTest} disabled={busy} className={buttonClass("secondary")}>
            {test.isPending ? "Testing…" : "Test connection"}
          </button>
          <button type="submit" disabled={busy} className={buttonClass("primary")}>
            {create.isPending ? "Adding…" : "Add environment"}
          </button>
        </div>
      </FormSection>
    </form>
  );
}
