// Decides whether the production build in .next is older than the sources it was built from.
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "./processes.mjs";

const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "package.json",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
];

export function buildIsStale() {
  const buildId = path.join(projectRoot, ".next/BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(projectRoot, source)) > builtAt);
}

/** Newest modification time of a file, or of anything under a directory (directory mtimes miss edits). */
function newestMtime(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}
