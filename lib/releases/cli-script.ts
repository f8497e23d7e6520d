// The `runway` CLI as Runway serves it (GET /api/cli): the package's bin, one dependency-free file, so an
// application's pipeline runs the CLI of the Runway it talks to without installing this repository.
import fs from "node:fs/promises";
import path from "node:path";

export const CLI_FILE_NAME = "runway.mjs";

/** The CLI's source, read from the checkout Runway runs from (its working directory, as `npm start` sets it). */
export async function readCliScript(root: string = process.cwd()): Promise<string> {
  return fs.readFile(path.join(root, "bin", CLI_FILE_NAME), "utf8");
}

/** The shell lines that fetch the served CLI into a temporary file and name it `$runway`. */
export function fetchCliLines(): string[] {
  return [
    `runway="$(mktemp -d)/${CLI_FILE_NAME}"`,
    `curl -fsS -H "Authorization: Bearer $RUNWAY_TOKEN" "$RUNWAY_URL/api/cli" -o "$runway"`,
  ];
}
