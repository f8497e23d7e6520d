// Which database servers Runway may connect to as targets. Checked on every connect, after DNS resolution: the
// name is resolved here, every address it resolves to is checked, and the socket connects to the checked address
// (so a name cannot resolve to one address for the check and another for the connection).
//
// RUNWAY_TARGET_DENY (always wins) and RUNWAY_TARGET_ALLOW (when set, the only targets allowed; an entry there
// also lifts the built-in denials below) are comma-separated host names (`db.example.com`, `*.example.com`),
// addresses in any notation (`10.0.0.5`, `2130706433`) and CIDR networks (`10.0.0.0/8`, `fd00::/8`).
// Built in: link-local networks (169.254.0.0/16, fe80::/10, which hold the cloud metadata services), other
// metadata addresses, unspecified and multicast addresses, and unix sockets are refused; so is Runway's own
// database, and Runway's own server unless RUNWAY_TARGET_OWN_SERVER=allow.
import dns from "node:dns/promises";
import net from "node:net";
import ipaddr from "ipaddr.js";
import { MigrateError } from "./errors";

export const TARGET_REFUSED = "RW_TARGET_REFUSED";

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Rule =
  { kind: "network"; range: [Address, number] } | { kind: "host"; name: string } | { kind: "socket"; dir: string };

export interface TargetPolicy {
  allow: Rule[];
  deny: Rule[];
  /** Runway's own state database (from DATABASE_URL); null when unknown. */
  own: { host: string; port: number; database: string } | null;
  allowOwnServer: boolean;
}

const METADATA_ADDRESSES = ["169.254.169.254", "fd00:ec2::254", "100.100.100.200", "192.0.0.192", "169.254.170.2"];
const METADATA_NAMES = ["metadata", "metadata.google.internal", "metadata.azure.internal", "instance-data"];
const REFUSED_RANGES = new Set(["linkLocal", "unspecified", "multicast", "broadcast", "reserved"]);

/** An address in any notation inet_aton accepts (decimal, octal, hex, short forms), IPv4-mapped IPv6 as IPv4. */
export function parseAddress(text: string): Address | null {
  const bare = text.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(bare)) return null;
  const address = ipaddr.parse(bare);
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

function parseRule(entry: string): Rule {
  if (entry.startsWith("/")) return { kind: "socket", dir: entry.replace(/\/+$/, "") };
  if (entry.includes("/")) {
    try {
      const [address, bits] = ipaddr.parseCIDR(entry);
      return { kind: "network", range: [address, bits] };
    } catch {
      throw new Error(`Not a CIDR network: ${entry}`);
    }
  }
  const address = parseAddress(entry);
  if (address) return { kind: "network", range: [address, address.kind() === "ipv4" ? 32 : 128] };
  return { kind: "host", name: entry.toLowerCase().replace(/\.$/, "") };
}

function parseRules(raw: string | undefined): Rule[] {
  return (raw ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map(parseRule);
}

/** The policy configured by the environment (RUNWAY_TARGET_ALLOW / _DENY / _OWN_SERVER, DATABASE_URL). */
export function readTargetPolicy(env: Record<string, string | undefined> = process.env): TargetPolicy {
  let own: TargetPolicy["own"] = null;
  if (env.DATABASE_URL) {
    try {
      const url = new URL(env.DATABASE_URL);
      own = {
        host: url.hostname.toLowerCase(),
        port: Number(url.port || 5432),
        database: decodeURIComponent(url.pathname.slice(1)),
      };
    } catch {
      own = null;
    }
  }
  return {
    allow: parseRules(env.RUNWAY_TARGET_ALLOW),
    deny: parseRules(env.RUNWAY_TARGET_DENY),
    own,
    allowOwnServer: env.RUNWAY_TARGET_OWN_SERVER === "allow",
  };
}

let cached: { key: string; policy: TargetPolicy } | null = null;

/** The process's policy, re-read when the variables change (tests set them). */
export function currentTargetPolicy(): TargetPolicy {
  const key = [
    process.env.RUNWAY_TARGET_ALLOW,
    process.env.RUNWAY_TARGET_DENY,
    process.env.RUNWAY_TARGET_OWN_SERVER,
    process.env.DATABASE_URL,
  ].join("\n");
  if (cached?.key !== key) cached = { key, policy: readTargetPolicy() };
  return cached.policy;
}

function refusedAs(message: string, subject: string): MigrateError {
  return new MigrateError(TARGET_REFUSED, `This ${subject} is not allowed: ${message}`);
}

function matchesName(name: string, rule: Rule): boolean {
  if (rule.kind !== "host") return false;
  if (rule.name.startsWith("*.")) return name.endsWith(rule.name.slice(1));
  return name === rule.name;
}

function matchesAddress(address: Address, rule: Rule): boolean {
  if (rule.kind !== "network" || address.kind() !== rule.range[0].kind()) return false;
  return address.match(rule.range as [ipaddr.IPv4, number] & [ipaddr.IPv6, number]);
}

function isBuiltInDenied(address: Address, name: string | null): string | null {
  if (name && METADATA_NAMES.includes(name)) return `${name} is a cloud metadata service`;
  if (METADATA_ADDRESSES.some((m) => parseAddress(m)!.toString() === address.toString()))
    return `${address} is a cloud metadata address`;
  const range = address.range();
  if (REFUSED_RANGES.has(range)) return `${address} is a ${range === "linkLocal" ? "link-local" : range} address`;
  return null;
}

function isLoopback(address: Address): boolean {
  return address.range() === "loopback";
}

/** Addresses a host name stands for (an address literal in any notation stands for itself). */
async function resolveHost(host: string): Promise<Address[]> {
  const literal = parseAddress(host);
  if (literal) return [literal];
  const found = await dns.lookup(host, { all: true, verbatim: true });
  return found.map((entry) => parseAddress(entry.address)!).filter(Boolean);
}

const ownAddresses = new Map<string, Promise<Address[]>>();

async function isOwnServer(policy: TargetPolicy, addresses: Address[], port: number): Promise<boolean> {
  if (!policy.own || port !== policy.own.port) return false;
  const ownHost = policy.own.host;
  if (!ownAddresses.has(ownHost))
    ownAddresses.set(
      ownHost,
      resolveHost(ownHost).catch(() => []),
    );
  const own = await ownAddresses.get(ownHost)!;
  // Every loopback address reaches the same local server.
  return addresses.some((a) => own.some((o) => o.toString() === a.toString() || (isLoopback(o) && isLoopback(a))));
}

export interface TargetEndpoint {
  host: string;
  port: number;
  database: string;
}

/**
 * Checks a target and returns the addresses to connect to (all of them checked); throws MigrateError
 * RW_TARGET_REFUSED when the policy refuses it (and the resolver's own error when the name does not resolve, so an
 * allowed typo still reads ENOTFOUND).
 */
export async function checkTarget(
  endpoint: TargetEndpoint,
  policy: TargetPolicy = currentTargetPolicy(),
  /** What the refusal names: a database target, or a git host (lib/git-source checks remotes the same way). */
  subject = "database target",
): Promise<string[]> {
  const refused = (message: string) => refusedAs(message, subject);
  const host = endpoint.host.trim().toLowerCase().replace(/\.$/, "");
  if (host === "" || host.startsWith("/") || host.startsWith("@")) {
    const dir = host.replace(/\/+$/, "");
    if (
      host !== "" &&
      policy.allow.some((rule) => rule.kind === "socket" && (dir === rule.dir || dir.startsWith(`${rule.dir}/`)))
    )
      return [host];
    throw refused("unix sockets are refused (connect over TCP, or list the socket folder in RUNWAY_TARGET_ALLOW).");
  }
  const literal = parseAddress(host);
  const name = literal ? null : host;
  if (name && policy.deny.some((rule) => matchesName(name, rule)))
    throw refused(`${name} is listed in RUNWAY_TARGET_DENY.`);
  const addresses = await resolveHost(host);
  if (addresses.length === 0) throw refused(`${host} resolves to no address.`);
  for (const address of addresses) {
    const shown = name ? `${name} (${address})` : String(address);
    if (policy.deny.some((rule) => matchesAddress(address, rule))) throw refused(`${shown} is in RUNWAY_TARGET_DENY.`);
  }
  if (await isOwnServer(policy, addresses, endpoint.port)) {
    if (endpoint.database === policy.own!.database) throw refused("it is Runway's own database.");
    if (!policy.allowOwnServer)
      throw refused(
        "it is Runway's own database server (set RUNWAY_TARGET_OWN_SERVER=allow to manage other databases on it).",
      );
  }
  for (const address of addresses) {
    const shown = name ? `${name} (${address})` : String(address);
    const allowed = policy.allow.some(
      (rule) => (name !== null && matchesName(name, rule)) || matchesAddress(address, rule),
    );
    if (policy.allow.length > 0 && !allowed) throw refused(`${shown} is not in RUNWAY_TARGET_ALLOW.`);
    const denial = allowed ? null : isBuiltInDenied(address, name);
    if (denial) throw refused(`${denial}.`);
  }
  return addresses.map((address) => address.toString());
}

/**
 * A TCP socket for `pg` that runs checkTarget before connecting and connects only to the checked addresses. TLS
 * still verifies the host name (pg takes the servername from its own config, not from this socket).
 */
export class GuardedSocket extends net.Socket {
  constructor(
    private readonly database: string,
    private readonly policy: TargetPolicy = currentTargetPolicy(),
  ) {
    super();
  }

  override connect(...args: unknown[]): this {
    const [first, second] = args;
    // pg connects to a unix socket as connect("<dir>/.s.PGSQL.<port>"), to TCP as connect(port, host).
    const isPath = typeof first === "string" && !/^\d+$/.test(first);
    const host = isPath ? (first as string).replace(/\/\.s\.PGSQL\.\d+$/, "") : String(second ?? "localhost");
    const port = isPath ? Number(/\.s\.PGSQL\.(\d+)$/.exec(first as string)?.[1] ?? 5432) : Number(first);
    checkTarget({ host, port, database: this.database }, this.policy).then(
      (addresses) => {
        if (this.destroyed) return;
        const connect = net.Socket.prototype.connect as (options: net.SocketConnectOpts) => net.Socket;
        if (isPath) return void connect.call(this, { path: first as string });
        // Node's own connect (trying each address in turn, IPv6 and IPv4) over exactly the addresses checked.
        const entries = addresses.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
        const lookup: net.LookupFunction = (_hostname, options, callback) => {
          if (options.all) (callback as unknown as (e: null, all: typeof entries) => void)(null, entries);
          else callback(null, entries[0].address, entries[0].family);
        };
        connect.call(this, { port, host, lookup });
      },
      (error: unknown) => {
        if (!this.destroyed) this.destroy(error as Error);
      },
    );
    return this;
  }
}
