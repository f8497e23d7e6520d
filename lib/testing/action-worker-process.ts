// A dashboard process reduced to its action worker, for tests that kill it mid-action.
// Env: RUNWAY_STATE_URL (Runway's state database), RUNWAY_SECRET_KEY (base64). Prints "ready" once working.
import { startActionWorker } from "../actions/worker";
import { createPrisma } from "../server/db";
import { parseSecretKey } from "../server/secrets";

const url = process.env.RUNWAY_STATE_URL!;
const prisma = createPrisma(url);
await startActionWorker(
  { prisma, secretKey: parseSecretKey(process.env.RUNWAY_SECRET_KEY) },
  { databaseUrl: url, pollingIntervalSeconds: 0.5, log: () => {} },
);
console.log("ready");
