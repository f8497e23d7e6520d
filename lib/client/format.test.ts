import { describe, expect, it } from "vitest";
import { formatDuration, formatExact, formatRelative, formatTime, formatUtc, formatZone, pluralize } from "./format";
import { toSafeCallbackUrl } from "./paths";

describe("format", () => {
  it("formats durations", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(2300)).toBe("2.3 s");
    expect(formatDuration(5000)).toBe("5 s");
    expect(formatDuration(65_000)).toBe("1 min 5 s");
    expect(formatDuration(2 * 3600_000 + 5 * 60_000)).toBe("2 h 5 min");
  });

  it("formats relative times, treating clock skew into the future as now", () => {
    const now = Date.parse("2026-01-15T10:00:00Z");
    expect(formatRelative("2026-01-15T10:00:30Z", now)).toBe("just now");
    expect(formatRelative("2026-01-15T09:59:48Z", now)).toBe("12 seconds ago");
    expect(formatRelative("2026-01-15T08:00:00Z", now)).toBe("2 hours ago");
  });

  it("counts with thousands grouped", () => {
    expect(pluralize(1, "attempt")).toBe("1 attempt");
    expect(pluralize(1000, "attempt")).toBe("1,000 attempts");
  });
});

describe("times: local with the zone named, the date unless today, UTC for the tooltip", () => {
  const paris = { timeZone: "Europe/Paris" };
  // 13:03:12 UTC is 14:03:12 in Paris in winter (CET), 15:03:12 in summer (CEST).
  const winter = "2026-01-15T13:03:12.345Z";

  it("shows only the time today, in the reader's zone, with the zone named", () => {
    const laterThatDay = Date.parse("2026-01-15T22:00:00Z");
    expect(formatTime(winter, laterThatDay, paris)).toBe("14:03:12 CET");
    expect(formatTime("2026-07-15T13:03:12Z", Date.parse("2026-07-15T20:00:00Z"), paris)).toBe("15:03:12 CEST");
    expect(formatTime(winter, laterThatDay, { timeZone: "America/New_York" })).toBe("08:03:12 EST");
    expect(formatTime(winter, laterThatDay, { timeZone: "UTC" })).toBe("13:03:12 UTC");
  });

  it("adds the date on any other day, by the reader's calendar (not UTC's)", () => {
    expect(formatTime(winter, Date.parse("2026-01-16T09:00:00Z"), paris)).toBe("2026-01-15 14:03:12 CET");
    // 23:30 UTC on the 15th is already the 16th in Paris: "today" there, though not in UTC.
    expect(formatTime("2026-01-15T23:30:00Z", Date.parse("2026-01-16T08:00:00Z"), paris)).toBe("00:30:00 CET");
    expect(formatTime("2026-01-15T23:30:00Z", Date.parse("2026-01-16T08:00:00Z"), { timeZone: "UTC" })).toBe(
      "2026-01-15 23:30:00 UTC",
    );
    // A server render cannot know the reader's day: it always shows the date.
    expect(formatTime(winter, null, paris)).toBe("2026-01-15 14:03:12 CET");
  });

  it("log lines: milliseconds, the zone named once above them", () => {
    const sameDay = Date.parse("2026-01-15T14:00:00Z");
    expect(formatTime(winter, sameDay, { ...paris, milliseconds: true, withoutZone: true })).toBe("14:03:12.345");
    expect(
      formatTime(winter, Date.parse("2026-02-01T00:00:00Z"), { ...paris, milliseconds: true, withoutZone: true }),
    ).toBe("2026-01-15 14:03:12.345");
  });

  it("names zones without an English abbreviation by their offset", () => {
    const date = new Date(winter);
    expect(formatZone(date, "Asia/Tokyo")).toBe("UTC+9");
    expect(formatZone(date, "Asia/Kolkata")).toBe("UTC+5:30");
    expect(formatZone(date, "Europe/London")).toBe("GMT");
    expect(formatZone(new Date("2026-07-01T00:00:00Z"), "Europe/London")).toBe("BST");
  });

  it("puts the UTC instant, as Prisma prints it, in the tooltip", () => {
    expect(formatUtc(winter)).toBe("2026-01-15 13:03:12 UTC");
    expect(formatExact(winter, paris)).toBe("2026-01-15 14:03:12 CET (2026-01-15 13:03:12 UTC)");
    expect(formatTime("not a date", 0)).toBe("not a date");
  });
});

describe("toSafeCallbackUrl", () => {
  it("keeps same-origin paths only", () => {
    expect(toSafeCallbackUrl("/environments/1?x=2")).toBe("/environments/1?x=2");
    expect(toSafeCallbackUrl("https://evil.example/")).toBe("/");
    expect(toSafeCallbackUrl("//evil.example/")).toBe("/");
    expect(toSafeCallbackUrl("/\\evil.example")).toBe("/");
    expect(toSafeCallbackUrl(null)).toBe("/");
    expect(toSafeCallbackUrl("/signin?callbackUrl=/")).toBe("/");
  });
});
