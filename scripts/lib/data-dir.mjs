// Runway's local files on the embedded default (keys, the audit chain's head, the embedded database):
// RUNWAY_DATA_DIR, or .data in the project.
import path from "node:path";
import { projectRoot } from "./processes.mjs";

export function dataDir() {
  return path.resolve(projectRoot, process.env.RUNWAY_DATA_DIR ?? ".data");
}
