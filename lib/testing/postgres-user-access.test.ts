// Run as root from a folder `postgres` cannot enter (issue 13, item 14): a clear message, not `spawn initdb EACCES`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { findUnenterableFolder } from "./postgres-user-access";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function privateFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-private-")); // mode 0700, as `mktemp -d` makes it
  made.push(dir);
  return dir;
}

it("finds the first folder another user cannot enter", () => {
  const dir = privateFolder();
  const nobody = { uid: 65534, gid: 65534 };
  expect(findUnenterableFolder(path.join(dir, "checkout/.data/postgres"), nobody)).toBe(dir);
  fs.chmodSync(dir, 0o711);
  expect(findUnenterableFolder(path.join(dir, "checkout/.data/postgres"), nobody)).toBeNull();
  expect(findUnenterableFolder(os.tmpdir(), nobody)).toBeNull();
});

it("stops with a message saying why and what to do when `postgres` cannot reach the data folder", async () => {
  const dataDir = path.join(privateFolder(), "checkout", ".data", "postgres");
  const started = startEmbeddedPostgres({ dataDir, persistent: false });
  if (process.getuid?.() === 0) {
    // As root PostgreSQL runs as `postgres`, which cannot enter the 0700 folder.
    await expect(started).rejects.toThrow(
      /"postgres", which cannot enter .*rw-private-.* \(mode 700\).*Move the checkout/,
    );
    expect(fs.existsSync(dataDir)).toBe(false);
  } else {
    // As the folder's owner there is nothing to refuse: it starts.
    const server = await started;
    await server.stop();
  }
});
