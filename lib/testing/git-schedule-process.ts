// A dashboard process reduced to its git fetch schedule, for tests running several against one state database.
// Env: RUNWAY_STATE_URL, RUNWAY_SECRET_KEY (base64), GIT_CACHE_DIR. Prints "ready", then "claim <project> <slot>"
// for every slot it claims and "fetched <project> <outcome>" for every fetch it runs; exits on SIGTERM.
import PgBoss from "pg-boss";
import { startGitSchedule } from "../git-source/git-schedule";
import { createPrisma } from "../server/db";
import { parseSecretKey } from "../server/secrets";

const url = process.env.RUNWAY_STATE_URL!;
const prisma = createPrisma(url, { poolSize: 4 });
const ctx = {
  prisma,
  secretKey: parseSecretKey(process.env.RUNWAY_SECRET_KEY),
  gitCacheDir: process.env.GIT_CACHE_DIR,
};
const boss = new PgBoss({ connectionString: url, schema: "pgboss", max: 4 });
boss.on("error", () => {});
await boss.start();
const schedule = await startGitSchedule({
  ctx,
  boss,
  tickMs: 200,
  onClaim: (projectId, slot) => process.stdout.write(`claim ${projectId} ${slot}\n`),
  onFetched: (outcome) => void process.stdout.write(`fetched ${outcome.projectId} ${outcome.outcome}\n`),
  log: () => {},
});
console.log("ready");
process.once("SIGTERM", async () => {
  await schedule.stop();
  await boss.stop({ graceful: false, wait: true });
  await prisma.$disconnect();
  process.exit(0);
});
