// Keys for the embedded default: RUNWAY_SECRET_KEY (encrypts database URLs) and NEXTAUTH_SECRET (signs
// sessions). Taken from the environment when set; otherwise generated once into .data/secrets.json (0600),
// next to the embedded database they protect. Production deployments set both variables.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "./processes.mjs";

const FILE = path.join(projectRoot, ".data/secrets.json");

export function loadLocalSecrets() {
  let stored = {};
  if (fs.existsSync(FILE)) stored = JSON.parse(fs.readFileSync(FILE, "utf8"));
  const secrets = {
    RUNWAY_SECRET_KEY: process.env.RUNWAY_SECRET_KEY ?? stored.RUNWAY_SECRET_KEY ?? crypto.randomBytes(32).toString("base64"),
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? stored.NEXTAUTH_SECRET ?? crypto.randomBytes(32).toString("base64"),
  };
  const toStore = {
    RUNWAY_SECRET_KEY: process.env.RUNWAY_SECRET_KEY ? stored.RUNWAY_SECRET_KEY : secrets.RUNWAY_SECRET_KEY,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ? stored.NEXTAUTH_SECRET : secrets.NEXTAUTH_SECRET,
  };
  if (toStore.RUNWAY_SECRET_KEY !== stored.RUNWAY_SECRET_KEY || toStore.NEXTAUTH_SECRET !== stored.NEXTAUTH_SECRET) {
    fs.mkdirSync(path.dirname(FILE), { recursive: true });
    fs.writeFileSync(FILE, JSON.stringify(toStore, null, 2), { mode: 0o600 });
    console.log("[runway] Generated local keys in .data/secrets.json (set RUNWAY_SECRET_KEY and NEXTAUTH_SECRET in production).");
  }
  return secrets;
}
