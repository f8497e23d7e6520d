// The Prisma client in lib/generated/prisma is generated, not committed (.gitignore): make it before the app
// is built or tested, and again whenever prisma/schema.prisma is newer than it.
import fs from "node:fs";
import path from "node:path";
import { projectRoot, runNode } from "./processes.mjs";

const SCHEMA = path.join(projectRoot, "prisma/schema.prisma");
const GENERATED = path.join(projectRoot, "lib/generated/prisma/client.ts");
const PRISMA_CLI = path.join(projectRoot, "node_modules/prisma/build/index.js");

export async function ensurePrismaClient() {
  if (!fs.existsSync(SCHEMA)) return;
  if (fs.existsSync(GENERATED) && fs.statSync(GENERATED).mtimeMs >= fs.statSync(SCHEMA).mtimeMs) return;
  console.log("[runway] Generating the Prisma client (lib/generated/prisma)...");
  // `prisma generate` never runs the native schema engine, but the CLI downloads it first unless this names an
  // existing file; Runway migrates through @prisma/schema-engine-wasm, so point it at a placeholder and skip
  // a download that fails offline.
  const env = { ...process.env };
  env.PRISMA_SCHEMA_ENGINE_BINARY ??= PRISMA_CLI;
  const code = await runNode(PRISMA_CLI, ["generate"], { env });
  if (code !== 0) throw new Error(`prisma generate failed (exit ${code}).`);
}
