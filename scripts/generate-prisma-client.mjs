// `npm install`/`npm ci` (postinstall): generates the Prisma client into lib/generated/prisma, so that
// `npm run typecheck` and the tests work on a fresh clone. Skipped when it is up to date.
import { ensurePrismaClient } from "./lib/prisma-client.mjs";

await ensurePrismaClient();
