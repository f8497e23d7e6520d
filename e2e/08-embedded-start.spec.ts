// `npm start` on the embedded default listens on 127.0.0.1 only (issue 13, item 15): read from the kernel's
// socket table, not assumed. Uses the build the global set-up made, its own data folder and ports.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "../lib/testing/embedded-postgres";
import { expect, test } from "./fixtures";

const root = path.resolve(import.meta.dirname, "..");

/** Local addresses (as hex, as /proc/net/tcp{,6} lists them) that listen on `port`. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  return ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((file) =>
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols.length > 3 && cols[3] === "0A" && cols[1].endsWith(`:${hexPort}`))
      .map((cols) => cols[1].split(":")[0]),
  );
}

test("npm start's embedded default listens on 127.0.0.1 only", async () => {
  test.setTimeout(180_000);
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "rw-start-"));
  fs.chmodSync(data, 0o755);
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    RUNWAY_DATA_DIR: data,
    RUNWAY_DEMO: "0",
    RUNWAY_EMBEDDED_PG_PORT: String(await findFreePort()),
  };
  for (const key of ["DATABASE_URL", "HOSTNAME", "RUNWAY_SECRET_KEY", "NEXTAUTH_SECRET", "NEXTAUTH_URL"])
    delete env[key];
  const start = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const running = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Runway is running at")) resolve();
    };
    start.stdout.on("data", onData);
    start.stderr.on("data", onData);
    start.on("exit", (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  try {
    await running;
    const addresses = listeningAddresses(port);
    expect(addresses).toEqual(["0100007F"]); // 127.0.0.1, and nothing on 0.0.0.0 or ::
    expect((await fetch(`http://127.0.0.1:${port}/signin`)).status).toBe(200);
  } finally {
    const exited = new Promise((resolve) => start.once("exit", resolve));
    start.kill("SIGTERM");
    await exited;
    fs.rmSync(data, { recursive: true, force: true });
  }
});
