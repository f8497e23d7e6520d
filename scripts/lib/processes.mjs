// Child processes for the npm scripts: run a Node CLI from node_modules, forward stop signals to it.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Package CLIs, run with this Node binary rather than through npx or .bin shims (faster, portable). */
export const bins = {
  next: path.join(projectRoot, "node_modules/next/dist/bin/next"),
  vitest: path.join(projectRoot, "node_modules/vitest/vitest.mjs"),
  playwright: path.join(projectRoot, "node_modules/@playwright/test/cli.js"),
  tsx: path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"),
};

const running = new Set();
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
const ORPHAN_CHECK_MS = 1000;

/** Runs `node <script> ...args` with inherited stdio; resolves with its exit code (128+n when killed by a signal). */
export function runNode(script, args, { env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: projectRoot, env, stdio: "inherit" });
    running.add(child);
    child.on("error", (error) => {
      running.delete(child);
      reject(error);
    });
    child.on("exit", (code, signal) => {
      running.delete(child);
      resolve(code ?? 128 + (os.constants.signals[signal] ?? 0));
    });
  });
}

/**
 * On SIGINT/SIGTERM/SIGHUP: forward the signal to running children and call `onStop` once, so the caller
 * can clean up after they exit. A second signal exits at once.
 */
export function handleStopSignals(onStop) {
  let stopping = false;
  const stop = (signal) => {
    for (const child of running) child.kill(signal);
    if (stopping) process.exit(128 + os.constants.signals[signal]);
    stopping = true;
    onStop(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, () => stop(signal));
  stopWhenOrphaned(() => stop("SIGTERM"));
}

/**
 * `npm start` runs us under `sh -c`; a SIGTERM sent to npm alone kills that shell but never reaches us.
 * Treat losing our parent as a stop request, so Next and the database do not linger.
 */
function stopWhenOrphaned(stop) {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, ORPHAN_CHECK_MS);
  timer.unref();
}

/** Signal listeners currently installed, to tell which ones a library adds on import. */
export function signalListeners() {
  return new Map(STOP_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
}

/** Removes the stop-signal listeners added since `before` was taken. */
export function removeSignalListenersSince(before) {
  for (const [signal, kept] of before) {
    for (const listener of process.listeners(signal)) if (!kept.has(listener)) process.off(signal, listener);
  }
}
