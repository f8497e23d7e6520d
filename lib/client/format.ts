// Display formatting shared by components: the one rule for times, durations and counts. Pure functions; the
// caller passes `now` (and tests a time zone) so renders stay deterministic.
//
// Times: local time with its zone named ("14:03:12 CET"); the date too when the instant is not today
// ("2026-01-14 14:03:12 CET"); the UTC instant in the tooltip ("2026-01-14 13:03:12 UTC", what Prisma's own
// messages print). Durations: what ran (see formatDuration's callers: never "until someone resolved it").

const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600_000],
  ["month", 30 * 24 * 3600_000],
  ["week", 7 * 24 * 3600_000],
  ["day", 24 * 3600_000],
  ["hour", 3600_000],
  ["minute", 60_000],
  ["second", 1000],
];

export interface TimeOptions {
  /** IANA zone to show times in; the browser's own by default. */
  timeZone?: string;
  /** Add milliseconds (log lines). */
  milliseconds?: boolean;
  /** Leave the zone out (a log names it once, above its lines). */
  withoutZone?: boolean;
}

export function formatRelative(iso: string, now: number): string {
  const diff = new Date(iso).getTime() - now;
  if (!Number.isFinite(diff)) return "unknown time";
  // Future times only come from clock skew between server and browser (or a clock tick not yet seen).
  if (diff > -5_000) return "just now";
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === "second") return RELATIVE.format(Math.round(diff / ms), unit);
  }
  return "just now";
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar fields of an instant in a zone (cached formatters: this runs for every time on a page). */
function zonedParts(date: Date, timeZone: string | undefined) {
  const key = timeZone ?? "";
  let formatter = partsFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(key, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(date)) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour === "24" ? "00" : parts.hour}:${parts.minute}:${parts.second}`,
  };
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat[]>();

/**
 * The zone's name at that instant: the usual abbreviation where English has one (CET, CEST, GMT, BST, EST, PDT),
 * else the offset ("UTC+9", "UTC+5:30"); "UTC" for UTC.
 */
export function formatZone(date: Date, timeZone?: string): string {
  const key = timeZone ?? "";
  let formatters = zoneFormatters.get(key);
  if (!formatters) {
    formatters = ["en-US", "en-GB"].map(
      (locale) => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" }),
    );
    zoneFormatters.set(key, formatters);
  }
  const names = formatters.map((f) => f.formatToParts(date).find((p) => p.type === "timeZoneName")?.value ?? "");
  const abbreviation = names.find((name) => /^[A-Z]{2,5}$/.test(name));
  if (abbreviation) return abbreviation;
  const offset = /^GMT([+-]\d{1,2}(?::\d{2})?)?$/.exec(names[0]);
  return offset ? `UTC${offset[1] ?? ""}` : names[0] || "UTC";
}

/** `2026-01-15 13:03:12 UTC`: the instant as Prisma prints it (tooltips, copies). */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/**
 * The one rule for a time on screen: `14:03:12 CET` today, `2026-01-14 14:03:12 CET` on any other day — local
 * time, its zone named. `now` decides what "today" is; null (a server render, which cannot know the reader's
 * day) always shows the date.
 */
export function formatTime(iso: string, now: number | null, options: TimeOptions = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const { date: day, time } = zonedParts(date, options.timeZone);
  const today = now === null ? null : zonedParts(new Date(now), options.timeZone).date;
  const ms = options.milliseconds ? `.${String(date.getUTCMilliseconds()).padStart(3, "0")}` : "";
  const zone = options.withoutZone ? "" : ` ${formatZone(date, options.timeZone)}`;
  return `${day === today ? "" : `${day} `}${time}${ms}${zone}`;
}

/** The full instant, for a tooltip: local with its zone, then UTC. */
export function formatExact(iso: string, options: TimeOptions = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const { date: day, time } = zonedParts(date, options.timeZone);
  return `${day} ${time} ${formatZone(date, options.timeZone)} (${formatUtc(iso)})`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0).replace(/\.0$/, "")} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  if (minutes < 60) return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

/** `1 migration`, `3 migrations`; thousands grouped (`1,000 attempts`). */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : plural}`;
}
