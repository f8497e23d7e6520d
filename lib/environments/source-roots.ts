// Where folder sources may live: only under the configured roots (RUNWAY_SOURCE_ROOTS), so a project cannot
// point at /etc and show viewers a server's directories. Paths are compared after resolving symlinks.
import fs from "node:fs";
import path from "node:path";
import { RegistryError } from "./errors";

function isWithin(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

function realRoots(roots: string[]): string[] {
  return roots.flatMap((root) => {
    try {
      return [fs.realpathSync(root)];
    } catch {
      return []; // a root that does not exist holds nothing
    }
  });
}

/** The folder's real path if it is allowed; null when it lies outside every root. */
export function resolveWithinRoots(folder: string, roots: string[]): string | null {
  let real: string;
  try {
    real = fs.realpathSync(folder);
  } catch {
    return null;
  }
  return realRoots(roots).some((root) => isWithin(real, root)) ? real : null;
}

/** Checks a folder source before it is saved: absolute, an existing directory, and under a root (when roots are set). */
export function validateFolderSource(folder: string, roots: string[] | undefined): void {
  if (!path.isAbsolute(folder))
    throw new RegistryError(
      "invalid",
      "invalid_folder",
      `The migrations folder must be an absolute path on the server (got "${folder.slice(0, 200)}").`,
    );
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch {
    throw new RegistryError(
      "invalid",
      "invalid_folder",
      `The migrations folder ${folder.slice(0, 200)} does not exist on the server.`,
    );
  }
  if (!stat.isDirectory())
    throw new RegistryError("invalid", "invalid_folder", `${folder.slice(0, 200)} is not a folder.`);
  if (roots && !resolveWithinRoots(folder, roots))
    throw new RegistryError(
      "invalid",
      "folder_outside_roots",
      `${folder.slice(0, 200)} is outside the folders Runway may read (RUNWAY_SOURCE_ROOTS: ${roots.join(", ") || "none"}).`,
    );
}
