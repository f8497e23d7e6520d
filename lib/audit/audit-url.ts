// Builds /api/audit URLs from filters (client-safe: no server imports), so the table, paging and the export
// links ask for the same thing.
import type { AuditSearch } from "./views";

export interface AuditUrlOptions {
  format?: "json" | "csv";
  download?: boolean;
}

export function toAuditSearchParams(search: AuditSearch, options: AuditUrlOptions = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (value !== undefined && value !== null && String(value).trim() !== "") params.set(key, String(value));
  }
  if (options.format) params.set("format", options.format);
  if (options.download) params.set("download", "1");
  return params;
}

export function buildAuditUrl(search: AuditSearch, options: AuditUrlOptions = {}): string {
  const query = toAuditSearchParams(search, options).toString();
  return query ? `/api/audit?${query}` : "/api/audit";
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function startOfLocalDay(day: string, offsetDays = 0): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year, month - 1, date + offsetDays).toISOString();
}

/**
 * The filters as the API should read them: days picked in a date input are the user's local days, so they
 * become instants here (in the browser); `to` becomes the start of the next day, the API's exclusive end.
 */
export function toAuditApiSearch(search: AuditSearch): AuditSearch {
  return {
    ...search,
    from: search.from && DAY.test(search.from) ? startOfLocalDay(search.from) : search.from,
    to: search.to && DAY.test(search.to) ? startOfLocalDay(search.to, 1) : search.to,
  };
}
