"use client";
// The audit log as a table, newest first; a row expands to everything recorded with it. All values are rendered
// as text (React escapes them): the log holds what users typed and what target databases answered.
import Link from "next/link";
import { Fragment, useState, type ReactNode } from "react";
import type { AuditEventView } from "@/lib/audit/views";
import { formatDuration } from "@/lib/client/format";
import { paths } from "@/lib/client/paths";
import { humanizeCode } from "./audit-filters";
import { ExactTime } from "./exact-time";
import { focusRing, linkClass, monoClass } from "./ui";

const OUTCOME_STYLES: Record<string, string> = {
  succeeded:
    "bg-emerald-50 text-emerald-900 ring-emerald-300 dark:bg-emerald-950/60 dark:text-emerald-200 dark:ring-emerald-800",
  approved:
    "bg-emerald-50 text-emerald-900 ring-emerald-300 dark:bg-emerald-950/60 dark:text-emerald-200 dark:ring-emerald-800",
  accepted: "bg-sky-50 text-sky-900 ring-sky-300 dark:bg-sky-950/60 dark:text-sky-200 dark:ring-sky-800",
  running: "bg-blue-50 text-blue-900 ring-blue-300 dark:bg-blue-950/60 dark:text-blue-200 dark:ring-blue-800",
  awaiting_approval:
    "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950/60 dark:text-amber-200 dark:ring-amber-800",
  refused:
    "bg-orange-100 text-orange-950 ring-orange-400 dark:bg-orange-950/70 dark:text-orange-200 dark:ring-orange-700",
  rejected:
    "bg-orange-100 text-orange-950 ring-orange-400 dark:bg-orange-950/70 dark:text-orange-200 dark:ring-orange-700",
  interrupted: "bg-red-50 text-red-900 ring-red-300 dark:bg-red-950/60 dark:text-red-200 dark:ring-red-800",
  failed: "bg-red-600 text-white ring-red-700 dark:bg-red-600 dark:text-white dark:ring-red-400",
};

const NEUTRAL =
  "bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800/70 dark:text-slate-200 dark:ring-slate-600";

function OutcomeBadge({ outcome }: { outcome: string | null }) {
  if (!outcome) return <span className="text-muted">—</span>;
  return (
    <span
      className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${OUTCOME_STYLES[outcome] ?? NEUTRAL}`}
    >
      {humanizeCode(outcome)}
    </span>
  );
}

/** The migration an event is about, when its arguments name one. */
function readMigration(args: unknown): string | null {
  if (args && typeof args === "object" && !Array.isArray(args)) {
    const migration = (args as Record<string, unknown>).migration;
    if (typeof migration === "string" && migration) return migration;
  }
  return null;
}

function formatEngineLog(log: unknown): string {
  if (Array.isArray(log) && log.every((line) => typeof line === "string")) return log.join("\n");
  return JSON.stringify(log, null, 2);
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-muted">{label}</dt>
      <dd className="break-all">{children ?? <span className="text-muted">—</span>}</dd>
    </div>
  );
}

function Block({ label, text }: { label: string; text: string }) {
  return (
    <div className="space-y-1">
      <h3 className="text-xs font-medium text-muted">{label}</h3>
      <pre
        className={`max-h-80 overflow-auto rounded-md border border-border bg-subtle p-3 whitespace-pre-wrap break-all ${monoClass}`}
      >
        {text}
      </pre>
    </div>
  );
}

function AuditEventDetails({ event }: { event: AuditEventView }) {
  return (
    <div className="space-y-3 text-sm">
      <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Detail label="Seq">{event.seq}</Detail>
        <Detail label="Action id">{event.actionId ? <code className={monoClass}>{event.actionId}</code> : null}</Detail>
        <Detail label="Actor key">{event.actor ? <code className={monoClass}>{event.actor}</code> : null}</Detail>
        <Detail label="Duration">{event.durationMs !== null ? formatDuration(event.durationMs) : null}</Detail>
        <Detail label="Fingerprint before">
          {event.fingerprintBefore ? <code className={monoClass}>{event.fingerprintBefore}</code> : null}
        </Detail>
        <Detail label="Fingerprint after">
          {event.fingerprintAfter ? <code className={monoClass}>{event.fingerprintAfter}</code> : null}
        </Detail>
        <Detail label="Client address">{event.clientAddress}</Detail>
        <Detail label="User agent">{event.userAgent}</Detail>
      </dl>
      {event.message ? <Block label="Message" text={event.message} /> : null}
      {event.arguments !== null ? <Block label="Arguments" text={JSON.stringify(event.arguments, null, 2)} /> : null}
      {event.engineLog !== null ? <Block label="Engine log" text={formatEngineLog(event.engineLog)} /> : null}
      <dl className="grid gap-3 text-xs sm:grid-cols-2">
        <Detail label="Hash">
          <code className={monoClass}>{event.hash}</code>
        </Detail>
        <Detail label="Previous hash">
          <code className={monoClass}>{event.prevHash}</code>
        </Detail>
      </dl>
    </div>
  );
}

const COLUMN_COUNT = 8;

export function AuditTable({ events }: { events: AuditEventView[] }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (seq: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface">
      <table data-testid="audit-table" className="w-full text-left text-sm">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-subtle text-xs">
          <tr>
            <th scope="col" className="w-8 px-2 py-2">
              <span className="sr-only">Details</span>
            </th>
            <th scope="col" className="px-3 py-2">
              Time
            </th>
            <th scope="col" className="px-3 py-2">
              Event
            </th>
            <th scope="col" className="px-3 py-2">
              Actor
            </th>
            <th scope="col" className="px-3 py-2">
              Environment
            </th>
            <th scope="col" className="px-3 py-2">
              Action
            </th>
            <th scope="col" className="px-3 py-2">
              Outcome
            </th>
            <th scope="col" className="px-3 py-2">
              Message
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {events.map((event) => {
            const open = expanded.has(event.seq);
            const detailsId = `audit-details-${event.seq}`;
            const migration = readMigration(event.arguments);
            return (
              <Fragment key={event.seq}>
                <tr data-testid={`audit-row-${event.seq}`} className="align-top">
                  <td className="px-2 py-2">
                    <button
                      type="button"
                      onClick={() => toggle(event.seq)}
                      aria-expanded={open}
                      aria-controls={open ? detailsId : undefined}
                      className={`rounded px-1 text-muted hover:text-foreground ${focusRing}`}
                    >
                      <span aria-hidden="true">{open ? "▾" : "▸"}</span>
                      <span className="sr-only">
                        {open ? "Hide" : "Show"} details of event {event.seq}
                      </span>
                    </button>
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    <ExactTime iso={event.at} />
                  </td>
                  <td className="px-3 py-2 font-medium whitespace-nowrap">{humanizeCode(event.event)}</td>
                  <td className="px-3 py-2">
                    {event.actorLabel ? (
                      <>
                        <span className="block max-w-[14rem] truncate" title={event.actorLabel}>
                          {event.actorLabel}
                        </span>
                        {event.actorRole ? <span className="block text-xs text-muted">{event.actorRole}</span> : null}
                      </>
                    ) : (
                      <span className="text-muted">system</span>
                    )}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {event.environmentId ? (
                      <Link href={paths.environment(event.environmentId)} className={linkClass}>
                        {event.environmentName ?? event.environmentId}
                      </Link>
                    ) : (
                      <span className="text-muted">—</span>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    {event.actionKind ? (
                      <span className="block whitespace-nowrap">{humanizeCode(event.actionKind)}</span>
                    ) : (
                      <span className="text-muted">—</span>
                    )}
                    {migration ? (
                      <code
                        className={`block max-w-[16rem] truncate text-xs text-muted ${monoClass}`}
                        title={migration}
                      >
                        {migration}
                      </code>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">
                    <OutcomeBadge outcome={event.outcome} />
                  </td>
                  <td className="max-w-md px-3 py-2">
                    {event.message ? (
                      <span className="line-clamp-2 break-words" title={event.message}>
                        {event.message}
                      </span>
                    ) : (
                      <span className="text-muted">—</span>
                    )}
                  </td>
                </tr>
                {open ? (
                  <tr id={detailsId} data-testid={`audit-details-${event.seq}`} className="bg-subtle/40">
                    <td colSpan={COLUMN_COUNT} className="px-4 py-3">
                      <AuditEventDetails event={event} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
