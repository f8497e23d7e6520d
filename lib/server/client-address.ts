// The client's address for the audit log and sign-in throttling. The TCP peer (given by scripts/serve.mjs) is the
// client unless it is one of RUNWAY_TRUSTED_PROXIES; only then is X-Forwarded-For read, right to left, skipping
// trusted hops — so a client cannot choose the address recorded for it.
import { AsyncLocalStorage } from "node:async_hooks";
import net from "node:net";

const PEER_STORAGE = Symbol.for("runway.socketPeer");

/** The socket peer of the request being handled, when the app runs under scripts/serve.mjs. */
export function readSocketPeer(): string | null {
  const storage = (globalThis as Record<symbol, unknown>)[PEER_STORAGE] as
    AsyncLocalStorage<{ peer: string | null }> | undefined;
  return storage?.getStore()?.peer ?? null;
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; anything that is not an IP address → null. */
export function normalizeAddress(raw: string | null | undefined): string | null {
  let value = (raw ?? "").trim();
  if (value.startsWith("[") && value.includes("]")) value = value.slice(1, value.indexOf("]"));
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(value)) value = value.slice(7);
  return net.isIP(value) ? value.toLowerCase() : null;
}

/** RUNWAY_TRUSTED_PROXIES: comma-separated addresses and CIDR ranges (IPv4 or IPv6). */
export function parseTrustedProxies(spec: string | undefined): net.BlockList {
  const list = new net.BlockList();
  for (const entry of (spec ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address, prefix] = entry.split("/");
    const ip = normalizeAddress(address);
    if (!ip) throw new Error(`RUNWAY_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    const type = net.isIPv6(ip) ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(ip, type);
    else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (type === "ipv4" ? 32 : 128))
        throw new Error(`RUNWAY_TRUSTED_PROXIES: "${entry}" has an invalid prefix length`);
      list.addSubnet(ip, bits, type);
    }
  }
  return list;
}

function isTrusted(list: net.BlockList, ip: string): boolean {
  return list.check(ip, net.isIPv6(ip) ? "ipv6" : "ipv4");
}

/** The client address: the peer, or — behind trusted proxies — the nearest untrusted X-Forwarded-For hop. */
export function resolveClientAddress(
  peer: string | null,
  forwardedFor: string | null,
  trusted: net.BlockList,
): string | null {
  const peerIp = normalizeAddress(peer);
  if (!peerIp || !isTrusted(trusted, peerIp)) return peerIp;
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    if (!hop) return peerIp; // a malformed hop: nothing left of it can be believed
    if (!isTrusted(trusted, hop)) return hop;
  }
  return normalizeAddress(hops[0]) ?? peerIp;
}

let cachedSpec: string | undefined;
let cachedList: net.BlockList | null = null;

export function readClientAddress(request: Request): string | null {
  const spec = process.env.RUNWAY_TRUSTED_PROXIES;
  if (!cachedList || spec !== cachedSpec) {
    cachedList = parseTrustedProxies(spec);
    cachedSpec = spec;
  }
  return resolveClientAddress(readSocketPeer(), request.headers.get("x-forwarded-for"), cachedList);
}
