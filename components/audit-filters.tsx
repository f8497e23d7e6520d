"use client";
// The audit log's filters. Edits stay local until applied, so typing an actor does not fire a request per key.
// On a phone they fold behind a "Filters" button (seven fields would fill the first screen), saying how many apply.
import { useState, type FormEvent } from "react";
import { ACTION_KINDS } from "@/lib/api/actions";
import { AUDIT_EVENTS, AUDIT_OUTCOMES, type AuditSearch } from "@/lib/audit/views";
import type { FilterEnvironment } from "@/lib/client/hooks";
import { buttonClass, inputClass } from "./ui";

export function humanizeCode(code: string): string {
  return code.replace(/_/g, " ");
}

interface AuditFiltersProps {
  value: AuditSearch;
  environments: FilterEnvironment[] | undefined;
  onApply: (search: AuditSearch) => void;
}

function SelectField({
  id,
  label,
  value,
  options,
  onChange,
  allLabel,
}: {
  id: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string) => void;
  allLabel: string;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-muted">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={inputClass}>
        <option value="">{allLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function AuditFilters({ value, environments, onApply }: AuditFiltersProps) {
  const [draft, setDraft] = useState<AuditSearch>(value);
  const [open, setOpen] = useState(false);
  const applied = Object.values(value).filter((v) => v !== undefined && v !== "").length;
  const set = (key: keyof AuditSearch) => (next: string) => setDraft((d) => ({ ...d, [key]: next || undefined }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...draft, actor: draft.actor?.trim() || undefined });
  };
  const clear = () => {
    setDraft({});
    onApply({});
  };
  const environmentOptions = (environments ?? []).map((env) => ({
    value: env.id,
    label: `${env.projectName} / ${env.name}${env.removed ? " (removed)" : ""}`,
  }));
  // An id in the URL that names no environment at all still shows, as it is (a mistyped or foreign link).
  if (value.environmentId && environments && !environments.some((env) => env.id === value.environmentId))
    environmentOptions.push({ value: value.environmentId, label: `unknown (${value.environmentId.slice(0, 8)}…)` });
  return (
    <div>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="audit-filters"
        onClick={() => setOpen((o) => !o)}
        className={`${buttonClass("secondary")} sm:hidden`}
      >
        <span aria-hidden="true">{open ? "▾" : "▸"}</span>
        Filters{applied > 0 ? ` (${applied} applied)` : ""}
      </button>
      <form
        id="audit-filters"
        onSubmit={submit}
        aria-label="Filter the audit log"
        className={`mt-3 rounded-lg border border-border bg-surface p-4 sm:mt-0 sm:block ${open ? "block" : "hidden"}`}
      >
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <SelectField
            id="audit-environment"
            label="Environment"
            value={draft.environmentId ?? ""}
            options={environmentOptions}
            onChange={set("environmentId")}
            allLabel="All environments"
          />
          <div className="space-y-1">
            <label htmlFor="audit-actor" className="block text-xs font-medium text-muted">
              Actor
            </label>
            <input
              id="audit-actor"
              type="search"
              value={draft.actor ?? ""}
              onChange={(e) => set("actor")(e.target.value)}
              placeholder="email, token name or user:<id>"
              className={inputClass}
            />
          </div>
          <SelectField
            id="audit-event"
            label="Event"
            value={draft.event ?? ""}
            options={AUDIT_EVENTS.map((e) => ({ value: e, label: humanizeCode(e) }))}
            onChange={set("event")}
            allLabel="All events"
          />
          <SelectField
            id="audit-action-kind"
            label="Action kind"
            value={draft.actionKind ?? ""}
            options={ACTION_KINDS.map((k) => ({ value: k, label: humanizeCode(k) }))}
            onChange={set("actionKind")}
            allLabel="All kinds"
          />
          <SelectField
            id="audit-outcome"
            label="Outcome"
            value={draft.outcome ?? ""}
            options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: humanizeCode(o) }))}
            onChange={set("outcome")}
            allLabel="All outcomes"
          />
          <div className="space-y-1">
            <label htmlFor="audit-from" className="block text-xs font-medium text-muted">
              From (day, inclusive)
            </label>
            <input
              id="audit-from"
              type="date"
              value={draft.from ?? ""}
              max={draft.to}
              onChange={(e) => set("from")(e.target.value)}
              className={inputClass}
            />
          </div>
          <div className="space-y-1">
            <label htmlFor="audit-to" className="block text-xs font-medium text-muted">
              To (day, inclusive)
            </label>
            <input
              id="audit-to"
              type="date"
              value={draft.to ?? ""}
              min={draft.from}
              onChange={(e) => set("to")(e.target.value)}
              className={inputClass}
            />
          </div>
          <div className="flex items-end gap-2">
            <button type="submit" className={buttonClass("primary")}>
              Apply filters
            </button>
            <button type="button" onClick={clear} className={buttonClass("ghost")}>
              Clear
            </button>
          </div>
        </div>
      </form>
    </div>
  );
}
