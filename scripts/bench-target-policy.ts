// Benchmark (issue 13, item 9): how test-connection answers for targets the policy refuses, in several notations,
// and for allowed ones (which keep their messages). Prints time and answer per target; exits 0.
//   npx tsx scripts/bench-target-policy.ts
import { testConnection } from "../lib/environments/registry";

const TARGETS = [
  "postgresql://u:p@169.254.169.254:5432/db",
  "postgresql://u:p@2852039166:5432/db",
  "postgresql://u:p@0xa9fea9fe:5432/db",
  "postgresql://u:p@[fe80::1]:5432/db",
  "postgresql://u:p@localhost/db?host=/var/run/postgresql",
  "postgresql://u:p@127.0.0.1:1/db",
  "postgresql://u:p@no-such-host.invalid/db",
];

for (const url of TARGETS) {
  const started = performance.now();
  const answer = await testConnection(url, { connectTimeoutMs: 5000 }).then(
    () => "ok",
    (e: { code?: string; message: string }) => `${e.code}: ${e.message.slice(0, 100)}`,
  );
  console.log(`${(performance.now() - started).toFixed(0).padStart(5)} ms  ${url.padEnd(58)} ${answer}`);
}
process.exit(0);
