// The audit's client address: the socket peer, unless the peer is a trusted proxy.
import { describe, expect, it } from "vitest";
import { normalizeAddress, parseTrustedProxies, resolveClientAddress } from "./client-address";

describe("client address", () => {
  const none = parseTrustedProxies(undefined);
  const proxies = parseTrustedProxies("10.0.0.0/8, 192.0.2.1, fd00::/8");

  it("without trusted proxies, X-Forwarded-For is ignored", () => {
    expect(resolveClientAddress("::ffff:198.51.100.7", "203.0.113.66", none)).toBe("198.51.100.7");
    expect(resolveClientAddress(null, "203.0.113.66", none)).toBeNull();
  });

  it("behind trusted proxies: the nearest untrusted hop, never a client-chosen leftmost one", () => {
    expect(resolveClientAddress("10.1.1.1", "203.0.113.9", proxies)).toBe("203.0.113.9");
    expect(resolveClientAddress("10.1.1.1", "1.1.1.1, 203.0.113.9, 10.2.2.2", proxies)).toBe("203.0.113.9");
    expect(resolveClientAddress("192.0.2.1", "10.3.3.3, 10.2.2.2", proxies)).toBe("10.3.3.3");
    expect(resolveClientAddress("fd00::1", "2001:db8::5", proxies)).toBe("2001:db8::5");
    expect(resolveClientAddress("10.1.1.1", "not-an-ip, 203.0.113.9", proxies)).toBe("203.0.113.9");
    expect(resolveClientAddress("10.1.1.1", "203.0.113.9, garbage", proxies)).toBe("10.1.1.1");
    expect(resolveClientAddress("10.1.1.1", null, proxies)).toBe("10.1.1.1");
    // An untrusted peer's header is not read at all.
    expect(resolveClientAddress("198.51.100.7", "10.1.1.1", proxies)).toBe("198.51.100.7");
  });

  it("reads addresses strictly and refuses a bad RUNWAY_TRUSTED_PROXIES", () => {
    expect(normalizeAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("198.51.100.7:5000")).toBe("198.51.100.7");
    expect(normalizeAddress("evil.example")).toBeNull();
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/invalid prefix/);
    expect(() => parseTrustedProxies("proxy.internal")).toThrow(/not an IP/);
  });
});
