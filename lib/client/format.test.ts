import { describe, expect, it } from "vitest";
import { formatDuration, formatRelative } from "./format";
import { toSafeCallbackUrl } from "./paths";

describe("format", () => {
  it("formats durations", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(2300)).toBe("2.3 s");
    expect(formatDuration(5000)).toBe("5 s");
    expect(formatDuration(65_000)).toBe("1 min 5 s");
  });

  it("formats relative times, treating clock skew into the future as now", () => {
    const now = Date.parse("2026-01-15T10:00:00Z");
    expect(formatRelative("2026-01-15T10:00:30Z", now)).toBe("just now");
    expect(formatRelative("2026-01-15T09:59:48Z", now)).toBe("12 seconds ago");
    expect(formatRelative("2026-01-15T08:00:00Z", now)).toBe("2 hours ago");
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
