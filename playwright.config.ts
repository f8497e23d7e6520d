// Playwright e2e (run by `npm test` once e2e/ holds *.spec.ts). Uses Debian's /usr/bin/chromium when it is
// installed (Playwright's own browser download is impossible on some machines), else Playwright's default.
import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";
const systemChromium = fs.existsSync(SYSTEM_CHROMIUM)
  ? {
      executablePath: SYSTEM_CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }
  : {};

export default defineConfig({
  testDir: "e2e",
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: "list",
  use: { screenshot: "only-on-failure" },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions: systemChromium } }],
});
