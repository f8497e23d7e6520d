// Playwright e2e (run by `npm test` once e2e/ holds *.spec.ts). Uses Debian's /usr/bin/chromium when it is
// installed (Playwright's own browser download is impossible on some machines), else Playwright's default.
import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";
const systemChromium = fs.existsSync(SYSTEM_CHROMIUM)
  ? {
      executablePath: SYSTEM_CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    }
  : {};

// e2e/global-setup.ts builds the app and serves it here, with its own databases and users.
const port = Number(process.env.E2E_PORT ?? 3217);

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: "list",
  outputDir: ".runway/e2e-results",
  use: { baseURL: `http://127.0.0.1:${port}`, screenshot: "only-on-failure", trace: "retain-on-failure" },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions: systemChromium } }],
});
