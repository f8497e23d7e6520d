// Redirects after sign-in follow only same-origin paths, read the way browsers read URLs.
import { describe, expect, it } from "vitest";
import { toSafeRedirect } from "./paths";

const ORIGIN = "https://runway.example";

describe("toSafeRedirect", () => {
  it("refuses every way of naming another origin", () => {
    const hostile = [
      "/\t/evil.example/x", // /%09/evil.example once the query string is decoded: browsers drop the tab
      "/\n/evil.example",
      "/\r\n/evil.example",
      "//evil.example",
      "///evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\\/evil.example",
      " //evil.example",
      "\u0000//evil.example",
      "\t//evil.example",
      "https://evil.example/",
      "HTTPS://EVIL.EXAMPLE",
      "javascript:alert(1)",
      "data:text/html,hi",
      "https://runway.example@evil.example/",
      "https://user:pw@runway.example/",
      "http://runway.example/", // same host, other scheme: another origin
      "https://runway.example.evil.example/",
    ];
    for (const raw of hostile) expect([raw, toSafeRedirect(raw, ORIGIN)]).toEqual([raw, "/"]);
  });

  it("keeps same-origin paths, normalised, never with // in front", () => {
    expect(toSafeRedirect("/environments/abc?x=1#top", ORIGIN)).toBe("/environments/abc?x=1#top");
    expect(toSafeRedirect("https://runway.example/admin", ORIGIN)).toBe("/admin");
    expect(toSafeRedirect("/./\\/evil.example", ORIGIN)).toBe("/evil.example");
    expect(toSafeRedirect("/a/..//evil.example", ORIGIN)).toBe("/evil.example");
    expect(toSafeRedirect("/%2F%2Fevil.example", ORIGIN)).toBe("/%2F%2Fevil.example");
    expect(toSafeRedirect("/%09/evil.example", ORIGIN)).toBe("/%09/evil.example");
    expect(toSafeRedirect("admin", ORIGIN)).toBe("/admin");
    // Same scheme without slashes is a relative path in every browser: it stays on our origin.
    expect(toSafeRedirect("https:evil.example", ORIGIN)).toBe("/evil.example");
    expect(toSafeRedirect("", ORIGIN)).toBe("/");
    expect(toSafeRedirect(null, ORIGIN)).toBe("/");
  });
});
