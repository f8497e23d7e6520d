// The target policy on real connections (issue 13, item 9): refused targets fail at once with RW_TARGET_REFUSED,
// whatever the notation; names are checked after resolution; allowed targets keep their useful errors.
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { testConnection } from "../environments/registry";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { MigrateError } from "./errors";
import { readMigrationHistory } from "./history";
import { checkTarget, readTargetPolicy, TARGET_REFUSED } from "./target-policy";

const saved = { ...process.env };
let target: TestDatabase;
beforeEach(async () => {
  target = await createTestDatabase(inject("adminUrl"));
});
afterEach(async () => {
  for (const key of ["DATABASE_URL", "RUNWAY_TARGET_ALLOW", "RUNWAY_TARGET_DENY", "RUNWAY_TARGET_OWN_SERVER"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await target.drop();
});

async function failure(url: string): Promise<MigrateError> {
  const started = performance.now();
  const error = await testConnection(url, { connectTimeoutMs: 5000 }).catch((e) => e);
  expect(error).toBeInstanceOf(MigrateError);
  if (error.code === TARGET_REFUSED) expect(performance.now() - started).toBeLessThan(1000); // refused, not timed out
  return error;
}

function withHost(url: string, host: string): string {
  const parsed = new URL(url);
  parsed.hostname = host;
  return parsed.toString();
}

describe("built-in denials", () => {
  it("refuses link-local and metadata addresses in every notation", async () => {
    for (const host of [
      "169.254.169.254",
      "2852039166",
      "0xa9fea9fe",
      "0251.0376.0251.0376",
      "169.254.1",
      "[fe80::1]",
      "[::ffff:169.254.169.254]",
      "[fd00:ec2::254]",
      "0.0.0.0",
    ]) {
      const error = await failure(withHost(target.url, host));
      expect(error.code, host).toBe(TARGET_REFUSED);
    }
  });

  it("refuses unix sockets, however they are spelled", async () => {
    const viaQuery = new URL(target.url);
    viaQuery.searchParams.set("host", "/var/run/postgresql");
    expect((await failure(viaQuery.toString())).code).toBe(TARGET_REFUSED);
    expect((await failure(target.url.replace("127.0.0.1", "%2Fvar%2Frun%2Fpostgresql"))).code).toBe(TARGET_REFUSED);
  });
});

describe("Runway's own database and server", () => {
  it("refuses Runway's own database always, and other databases on its server unless allowed", async () => {
    process.env.DATABASE_URL = target.url;
    const own = await failure(target.url);
    expect(own.code).toBe(TARGET_REFUSED);
    expect(own.message).toMatch(/Runway's own database\./);
    // The same server spelled differently is still the same server.
    expect((await failure(withHost(target.url, "localhost"))).code).toBe(TARGET_REFUSED);
    const sibling = await createTestDatabase(inject("adminUrl"));
    try {
      expect((await failure(sibling.url)).message).toMatch(/own database server/);
      process.env.RUNWAY_TARGET_OWN_SERVER = "allow";
      await expect(testConnection(sibling.url)).resolves.toMatchObject({ ok: true });
      expect((await failure(target.url)).message).toMatch(/Runway's own database\./);
    } finally {
      await sibling.drop();
    }
  });
});

describe("RUNWAY_TARGET_ALLOW / RUNWAY_TARGET_DENY", () => {
  it("checks names after resolving them and networks in any notation", async () => {
    process.env.RUNWAY_TARGET_DENY = "127.0.0.0/8";
    expect((await failure(target.url)).message).toMatch(/RUNWAY_TARGET_DENY/);
    // localhost is refused for what it resolves to, not for its name.
    expect((await failure(withHost(target.url, "localhost"))).message).toMatch(
      /localhost \(127\.0\.0\.1\) is in RUNWAY_TARGET_DENY/,
    );
    expect((await failure(withHost(target.url, "2130706433"))).code).toBe(TARGET_REFUSED);
    process.env.RUNWAY_TARGET_DENY = "";
    process.env.RUNWAY_TARGET_ALLOW = "10.0.0.0/8";
    expect((await failure(target.url)).message).toMatch(/not in RUNWAY_TARGET_ALLOW/);
    process.env.RUNWAY_TARGET_ALLOW = "10.0.0.0/8, 127.0.0.1";
    await expect(readMigrationHistory(target.url)).resolves.toMatchObject({ hasMigrationsTable: false });
    // A name is connected through the addresses checked (localhost: ::1 and 127.0.0.1, whichever answers).
    process.env.RUNWAY_TARGET_ALLOW = "127.0.0.1, ::1";
    await expect(readMigrationHistory(withHost(target.url, "localhost"))).resolves.toMatchObject({
      hasMigrationsTable: false,
    });
  });

  it("keeps the useful messages for allowed targets", async () => {
    const wrongPassword = new URL(target.url);
    wrongPassword.username = "no_such_role_rw";
    wrongPassword.password = "x";
    expect((await failure(wrongPassword.toString())).code).toMatch(/^P10(00|10)$|^RW_DATABASE$/);
    const closed = new URL(target.url);
    closed.port = "1";
    expect((await failure(closed.toString())).code).toBe("P1001");
    const unknown = await failure(withHost(target.url, "no-such-host.invalid"));
    expect(unknown.code).toBe("P1001");
    expect(unknown.message).toMatch(/ENOTFOUND/);
  });

  it("parses the lists: hosts, wildcard domains, addresses and networks", async () => {
    const policy = readTargetPolicy({
      RUNWAY_TARGET_ALLOW: "*.corp.example, 192.168.0.0/16, fd00::/8, 0x0a000001",
      RUNWAY_TARGET_DENY: "",
    });
    await expect(checkTarget({ host: "192.168.4.2", port: 5432, database: "x" }, policy)).resolves.toEqual([
      "192.168.4.2",
    ]);
    await expect(checkTarget({ host: "167772161", port: 5432, database: "x" }, policy)).resolves.toEqual(["10.0.0.1"]);
    await expect(checkTarget({ host: "8.8.8.8", port: 5432, database: "x" }, policy)).rejects.toThrow(
      /not in RUNWAY_TARGET_ALLOW/,
    );
  });
});
