// The server shadow databases live on: RUNWAY_SHADOW_DATABASE_URL when set (a server where Runway may create
// databases; it should run the targets' major version), else an embedded PostgreSQL of Runway's own, started on
// first use in `<dataRoot>/shadow/<pid>` and removed when the process stops. A folder left by a killed process
// (its owner pid is gone) is removed at the next start, after stopping the server it may have left running.
import fs from "node:fs";
import path from "node:path";
import { createShadowService, type ShadowService } from "./shadow-service";

export interface ShadowServer {
  service: ShadowService;
  /** "RUNWAY_SHADOW_DATABASE_URL" or "embedded". */
  kind: "url" | "embedded";
  stop(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the embedded shadow servers' folders whose owning process is gone (and stops their postmaster). */
export function sweepEmbeddedShadowFolders(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  const removed: string[] = [];
  for (const entry of fs.readdirSync(root)) {
    const owner = Number(entry);
    if (!Number.isInteger(owner) || owner === process.pid || isAlive(owner)) continue;
    const dir = path.join(root, entry);
    const postmaster = path.join(dir, "postmaster.pid");
    if (fs.existsSync(postmaster)) {
      const pid = Number(fs.readFileSync(postmaster, "utf8").split("\n")[0]);
      // The server our dead owner started: ask it to stop (fast shutdown) before its folder goes.
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) process.kill(pid, "SIGINT");
    }
    fs.rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

export async function startShadowServer(options: { url?: string; dataRoot: string }): Promise<ShadowServer> {
  if (options.url) {
    const service = await createShadowService({ serverUrl: options.url });
    return { service, kind: "url", stop: () => service.stop() };
  }
  const root = path.join(options.dataRoot, "shadow");
  sweepEmbeddedShadowFolders(root);
  fs.mkdirSync(root, { recursive: true });
  // Loaded only when needed: most deployments set RUNWAY_SHADOW_DATABASE_URL, and route modules import this file.
  const { startEmbeddedPostgres } = await import("../testing/embedded-postgres");
  const server = await startEmbeddedPostgres({ dataDir: path.join(root, String(process.pid)), persistent: false });
  const service = await createShadowService({ serverUrl: server.adminUrl });
  return {
    service,
    kind: "embedded",
    async stop() {
      await service.stop();
      await server.stop();
    },
  };
}
