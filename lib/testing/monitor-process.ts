// A dashboard process reduced to its monitor, for tests and benchmarks running several against one state database.
// Env: RUNWAY_STATE_URL, RUNWAY_SECRET_KEY (base64), MONITOR_INTERVAL_S. Prints "ready", then "read <env> <slot>"
// for every reading it makes; exits on SIGTERM.
import PgBoss from "pg-boss";
import { createStatusService } from "../environments/status-service";
import { startMonitor } from "../monitor/monitor";
import { createPrisma } from "../server/db";
import { parseSecretKey } from "../server/secrets";

const url = process.env.RUNWAY_STATE_URL!;
const prisma = createPrisma(url, { poolSize: 4 });
const registry = { prisma, secretKey: parseSecretKey(process.env.RUNWAY_SECRET_KEY) };
const status = createStatusService(registry, { ttlMs: Number(process.env.MONITOR_STATUS_TTL_MS ?? 1000) });
const boss = new PgBoss({ connectionString: url, schema: "pgboss", max: 4 });
boss.on("error", () => {});
await boss.start();
const monitor = await startMonitor({
  prisma,
  boss,
  readStatus: (id) => status.refreshStatus(id),
  defaultIntervalSeconds: Number(process.env.MONITOR_INTERVAL_S ?? 1),
  tickMs: Number(process.env.MONITOR_TICK_MS ?? 200),
  concurrency: 20,
  onRead: (id, slot) => process.stdout.write(`read ${id} ${slot ?? "now"}\n`),
  log: () => {},
});
console.log("ready");
process.once("SIGTERM", async () => {
  await monitor.stop();
  await boss.stop({ graceful: false, wait: true });
  await prisma.$disconnect();
  process.exit(0);
});
