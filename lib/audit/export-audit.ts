// CSV export (RFC 4180). Cells that a spreadsheet would run as a formula are prefixed with a quote: the log
// holds text typed by users and messages from target databases, and an export must not execute any of it.
import { AUDIT_EVENT_FIELDS as COLUMNS, AUDIT_JSON_FIELDS, type AuditEventView } from "./views";

/** = + - @ start formulas; tab and CR do in some spreadsheet apps too (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

function toCell(column: keyof AuditEventView, value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = AUDIT_JSON_FIELDS.has(column) ? JSON.stringify(value) : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A header row, then one row per event; CRLF line ends. */
export function toCsv(events: AuditEventView[]): string {
  const lines = [COLUMNS.join(",")];
  for (const event of events) lines.push(COLUMNS.map((column) => toCell(column, event[column])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
