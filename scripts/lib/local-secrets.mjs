// Keys for the embedded default: RUNWAY_SECRET_KEY (encrypts database URLs, keys the audit chain),
// NEXTAUTH_SECRET (signs sessions) and RUNWAY_EMBEDDED_PG_PASSWORD (the embedded PostgreSQL's superuser).
// Taken from the environment when set; otherwise generated once into <data folder>/secrets.json (0600), next to
// the embedded database they protect. Production deployments set the first two.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "./data-dir.mjs";

const NAMES = ["RUNWAY_SECRET_KEY", "NEXTAUTH_SECRET", "RUNWAY_EMBEDDED_PG_PASSWORD"];

function generate(name) {
  return name === "RUNWAY_EMBEDDED_PG_PASSWORD"
    ? crypto.randomBytes(24).toString("base64url")
    : crypto.randomBytes(32).toString("base64");
}

export function loadLocalSecrets() {
  const file = path.join(dataDir(), "secrets.json");
  let stored = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, "utf8"));
  const secrets = {};
  const toStore = {};
  for (const name of NAMES) {
    secrets[name] = process.env[name] ?? stored[name] ?? generate(name);
    toStore[name] = process.env[name] ? stored[name] : secrets[name];
  }
  if (NAMES.some((name) => toStore[name] !== stored[name])) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(toStore, null, 2), { mode: 0o600 });
    console.log(
      `[runway] Generated local keys in ${path.relative(process.cwd(), file) || file} (set RUNWAY_SECRET_KEY and NEXTAUTH_SECRET in production).`,
    );
  }
  return secrets;
}
