import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startShadowServer, sweepEmbeddedShadowFolders } from "./shadow-server";

// Under the work tree, not os.tmpdir(): as root the embedded server runs as `postgres`, which must enter the folder.
const ROOT = path.resolve(import.meta.dirname, "../../.runway", `test-shadow-${crypto.randomBytes(4).toString("hex")}`);
afterAll(() => fs.rmSync(ROOT, { recursive: true, force: true }));

describe("the embedded shadow server (no RUNWAY_SHADOW_DATABASE_URL)", { timeout: 120_000 }, () => {
  it("removes the folders of dead owners at start, never a live one's", () => {
    const root = path.join(ROOT, "sweep", "shadow");
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max default: no such process
    for (const pid of [deadPid, process.ppid]) fs.mkdirSync(path.join(root, String(pid)), { recursive: true });
    expect(sweepEmbeddedShadowFolders(root)).toEqual([path.join(root, String(deadPid))]);
    expect(fs.readdirSync(root)).toEqual([String(process.ppid)]);
  });

  it("starts its own PostgreSQL in <dataRoot>/shadow/<pid>, serves shadow databases, and leaves nothing when stopped", async () => {
    const server = await startShadowServer({ dataRoot: ROOT });
    const folder = path.join(ROOT, "shadow", String(process.pid));
    try {
      expect(server.kind).toBe("embedded");
      expect(fs.existsSync(path.join(folder, "PG_VERSION"))).toBe(true);
      const lease = await server.service.provide();
      const client = new pg.Client({ connectionString: lease.url });
      await client.connect();
      expect((await client.query("SELECT current_database() AS db")).rows[0].db).toMatch(/^runway_shadow_/);
      await client.end();
      await lease.release();
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(folder)).toBe(false);
  });
});
