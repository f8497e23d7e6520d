// The audit chain's head (the newest row's seq and MAC), kept outside the database, in the data folder: rows
// removed from the end of the chain, or a chain rebuilt from some row on, no longer reach the recorded head.
//
// One file per chain (database name and port), written atomically (temporary file, fsync, rename) after each
// append commits. It only moves forward: a writer that finds a newer head there leaves it. Several Runway
// processes sharing one database and one data folder therefore keep one head between them; a race between two
// of them can at worst leave the head one row behind (still a row that must exist), never ahead of the chain,
// so it never raises a false alarm. Processes on other machines keep their own head in their own data folder
// (or share the folder): each one's verification checks the newest row it knows of.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseSecretKey } from "../server/secrets";
import { deriveAuditKey } from "./hash-audit";

export interface ChainHead {
  seq: string;
  hash: string;
  at: string;
}

export interface AuditSealing {
  /** MAC key (from RUNWAY_SECRET_KEY). */
  key: Buffer;
  /** Folder of the head files. */
  headDir: string;
}

let cached: { source: string; sealing: AuditSealing } | null = null;

/** From RUNWAY_SECRET_KEY and RUNWAY_DATA_DIR (default ./.data), as every Runway process is configured. */
export function currentAuditSealing(): AuditSealing {
  const source = `${process.env.RUNWAY_SECRET_KEY ?? ""}\n${process.env.RUNWAY_DATA_DIR ?? ""}`;
  if (cached?.source === source) return cached.sealing;
  if (!process.env.RUNWAY_SECRET_KEY)
    throw new Error("RUNWAY_SECRET_KEY is not set: the audit chain is sealed with a key derived from it.");
  const sealing = {
    key: deriveAuditKey(parseSecretKey(process.env.RUNWAY_SECRET_KEY)),
    headDir: path.join(path.resolve(process.env.RUNWAY_DATA_DIR ?? ".data"), "audit-head"),
  };
  cached = { source, sealing };
  return sealing;
}

/** A chain is one database on one server port. */
export function chainFile(sealing: AuditSealing, chain: { database: string; port: string }): string {
  const id = crypto.createHash("sha256").update(`${chain.database}\0${chain.port}`).digest("hex").slice(0, 24);
  return path.join(sealing.headDir, `${id}.json`);
}

export function readChainHead(file: string): ChainHead | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as ChainHead;
    return typeof parsed.seq === "string" && typeof parsed.hash === "string" ? parsed : null;
  } catch {
    return null;
  }
}

const writing = new Map<string, Promise<void>>();

/** Records `head` unless the file already holds a newer one. Writes in this process are serialised per file. */
export function advanceChainHead(file: string, head: ChainHead): Promise<void> {
  const previous = writing.get(file) ?? Promise.resolve();
  const next = previous.then(() => {
    const current = readChainHead(file);
    if (current && BigInt(current.seq) >= BigInt(head.seq)) return;
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    const fd = fs.openSync(temporary, "w", 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(head));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  });
  const settled = next.catch(() => {});
  writing.set(file, settled);
  void settled.then(() => {
    if (writing.get(file) === settled) writing.delete(file);
  });
  return next;
}
