// The environment page at scale (issue 11), against the production build: a protected environment whose
// `_prisma_migrations` holds 1,000 attempts written by Prisma's engine in 31 separate deploys (one failed, resolved
// rolled back, applied again by the next), with 180 migrations pending. The history is grouped per deploy and
// paged, "failures only" finds the failure (and survives a reload: it is in the URL), the 180-migration deploy
// dialog puts its summary first and its typed confirmation within 10 Tab presses, the disabled Deploy says why,
// and axe finds nothing on the environment page, the migration page and the dialog, at 1280 px and at 390 px —
// where nothing scrolls sideways.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { createTestDatabase, type TestDatabase } from "../lib/testing/test-database";
import {
  buildScaleHistory,
  readUploadFiles,
  scaleMigrationName,
  writeScaleMigrations,
} from "../lib/testing/scale-history";
import { expectNoAxeViolations, expectNoSidewaysScroll } from "./axe";
import { E2E_STATE_FILE, type E2eState } from "./e2e-state";
import { E2E_USERS, expect, test } from "./fixtures";

const APPLIED = 999;
const PENDING = 180;
const FAIL_AT = 630;
/** 31 deploys: 400 first, 29 of 20, then 19; the run reaching migration 630 fails there. */
const DEPLOY_UP_TO = [400, ...Array.from({ length: 29 }, (_, i) => 420 + i * 20), APPLIED];
const FAILED = scaleMigrationName(FAIL_AT);
/** The preflight of a 180-migration deploy replays 999 migrations in a shadow database first. */
const PREFLIGHT_TIMEOUT = 240_000;
const PHONE = { width: 390, height: 844 };

let target: TestDatabase | null = null;
let environmentId = "";
let environmentName = "";
let migrationsDir = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(900_000);
  const state = JSON.parse(fs.readFileSync(E2E_STATE_FILE, "utf8")) as E2eState;
  target = await createTestDatabase(state.adminUrl, "rw_e2e_scale");
  migrationsDir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-e2e-scale-"));
  writeScaleMigrations(migrationsDir, APPLIED + PENDING);
  const history = await buildScaleHistory(target.url, migrationsDir, { deployUpTo: DEPLOY_UP_TO, failAt: FAIL_AT });
  expect(history).toMatchObject({ attempts: 1000, runs: DEPLOY_UP_TO.length, failedMigration: FAILED });

  const context = await browser.newContext({ baseURL: state.baseURL });
  const page = await context.newPage();
  await signIn(page, "admin");
  const suffix = crypto.randomBytes(3).toString("hex");
  const project = await page.request.post("/api/projects", {
    data: { name: `scale-${suffix}`, source: { kind: "upload", files: readUploadFiles(migrationsDir) } },
  });
  expect(project.status()).toBe(201);
  environmentName = `prod-scale-${suffix}`;
  const environment = await page.request.post("/api/environments", {
    data: {
      projectId: ((await project.json()) as { id: string }).id,
      name: environmentName,
      databaseUrl: target.url,
      isProtected: true,
    },
  });
  expect(environment.status()).toBe(201);
  environmentId = ((await environment.json()) as { id: string }).id;
  await context.close();
});

test.afterAll(async () => {
  await target?.drop();
  if (migrationsDir) fs.rmSync(migrationsDir, { recursive: true, force: true });
});

/** Signs in and opens `path`; patient, because the fixture of this spec loads a shared machine for minutes. */
async function signIn(page: Page, role: keyof typeof E2E_USERS, path = "/") {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByLabel("Email").fill(E2E_USERS[role].email);
  await page.getByLabel("Password").fill(E2E_USERS[role].password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"), { timeout: 60_000 });
}

const environmentPath = () => `/environments/${encodeURIComponent(environmentId)}`;

test("the history is one row per deploy, paged; failures only finds the failure and stays in the URL", async ({
  page,
}) => {
  await signIn(page, "operator", environmentPath());
  const history = page.getByTestId("deploy-history");
  await expect(history.getByTestId("history-summary")).toHaveText("(31 deploys · 1,000 attempts, newest first)");
  const items = history.getByTestId("deploy-item");
  await expect(items).toHaveCount(10);
  await expect(items.first()).toContainText("Deployed 19 migrations");
  await expect(items.first()).toContainText("outside Runway");
  await expect(history.getByTestId("history-shown")).toHaveText("10 of 31 deploys shown");

  // The next pages, by cursor, 10 at a time: the first deploy, of 400 migrations, is the oldest.
  const older = history.getByRole("button", { name: "Show older deploys" });
  for (const shown of [20, 30, 31]) {
    await older.click();
    await expect(items).toHaveCount(shown);
  }
  await expect(items.last()).toContainText("Deployed 400 migrations");
  await expect(history.getByRole("button", { name: "Show older deploys" })).toHaveCount(0);
  // Its 400 migrations are folded until asked for, and then still shown short.
  await items.last().locator("summary").click();
  await expect(items.last().getByRole("button", { name: "Show all 400 migrations" })).toBeVisible();
  await expect(items.last().getByTestId(`attempt-${scaleMigrationName(1)}`)).toBeVisible();
  await expect(items.last().getByTestId(`attempt-${scaleMigrationName(200)}`)).toHaveCount(0);

  // The 180 pending: the first and last few, the rest on demand.
  const upcoming = page.getByTestId("upcoming-list");
  await expect(upcoming).toHaveAttribute("data-folded", "true");
  await expect(upcoming.getByTestId(`pending-${scaleMigrationName(APPLIED + 1)}`)).toBeVisible();
  await expect(upcoming.getByTestId(`pending-${scaleMigrationName(APPLIED + PENDING)}`)).toBeVisible();
  await expect(upcoming.getByRole("button", { name: "Show all 180 migrations" })).toBeVisible();

  // Failures only: the one deploy that failed, its stored error, that it was resolved; in the URL.
  await page.getByLabel(/Failures only/).check();
  await expect(page).toHaveURL(/[?&]history=failures/);
  await expect(items).toHaveCount(1);
  const failed = items.first();
  await expect(failed).toHaveAttribute("data-outcome", "failed");
  await expect(failed).toContainText("Deploy of 10 migrations failed");
  const failure = failed.getByTestId(`attempt-${FAILED}`);
  await expect(failure).toHaveAttribute("data-state", "rolled_back");
  await expect(failure.getByTestId("error-log")).toContainText("already exists");
  await expect(failed).toContainText("ran for an unknown time");
  await page.reload();
  await expect(page.getByLabel(/Failures only/)).toBeChecked();
  await expect(items).toHaveCount(1);
  await page.getByLabel(/Failures only/).uncheck();
  await expect(page).not.toHaveURL(/history=failures/);
  await expect(items).toHaveCount(10);

  // The API behind it: pages by cursor, the same summary on each.
  const first = await (await page.request.get(`/api/environments/${environmentId}/history?limit=30`)).json();
  const second = await (
    await page.request.get(`/api/environments/${environmentId}/history?limit=30&before=${first.nextBefore}`)
  ).json();
  expect(first.deploys.length + second.deploys.length).toBe(31);
  expect(second.nextBefore).toBeNull();
  expect(second.summary).toEqual(first.summary);
  expect(first.summary).toEqual({ deploys: 31, attempts: 1000, failedDeploys: 1 });
});

test("the 180-migration deploy dialog: summary first, confirmation within 10 Tabs, a disabled Deploy says why", async ({
  page,
}) => {
  test.setTimeout(PREFLIGHT_TIMEOUT + 60_000);
  await signIn(page, "operator", environmentPath());
  await page.getByTestId("action-button-deploy").click();
  const dialog = page.getByTestId("action-dialog");
  await expect(page.getByRole("dialog", { name: "Deploy 180 pending migrations" })).toBeVisible();
  const submit = dialog.getByTestId("action-submit");
  // Disabled from the start, and saying why while the preflight is computed.
  await expect(submit).toBeDisabled();
  await expect(dialog.getByTestId("submit-blocker")).toBeVisible();

  const summary = dialog.getByTestId("preflight-summary");
  await expect(summary).toBeVisible({ timeout: PREFLIGHT_TIMEOUT });
  await expect(summary.getByTestId("summary-target")).toContainText(environmentName);
  await expect(summary.getByTestId("summary-migrations")).toContainText("180 migrations will run");
  await expect(summary.getByTestId("summary-warnings")).toBeVisible();
  await expect(summary.getByTestId("summary-dry-run")).toContainText("succeeded");
  await expect(summary.getByTestId("summary-confirm")).toContainText(`type ${environmentName} below`);
  // The 180 identical "insert and run" rows are one line; the 180 scripts are folded.
  await expect(dialog.getByTestId("preflight-row-changes").locator('[data-change="insert_and_run"]')).toHaveCount(1);
  await expect(dialog.getByTestId("preflight-row-changes").locator('[data-count="180"]')).toHaveCount(1);
  await expect(dialog.getByTestId("preflight-migrations")).toHaveAttribute("data-folded", "true");

  // The confirmation and the button are in view without scrolling, and the disabled Deploy says why.
  const confirm = dialog.getByTestId("confirm-input");
  await expect(confirm).toBeInViewport();
  await expect(submit).toBeInViewport();
  await expect(submit).toBeDisabled();
  const reasonId = await submit.getAttribute("aria-describedby");
  expect(reasonId).toBeTruthy();
  await expect(page.locator(`[id="${reasonId}"]`)).toHaveText(`Type ${environmentName} to confirm.`);
  await expect(page.locator(`[id="${reasonId}"]`)).toBeVisible();

  // Keyboard: from the dialog's first control, the confirmation within 10 Tab presses.
  await dialog.getByRole("button", { name: "Close" }).first().focus();
  let presses = 0;
  while (presses < 10 && !(await confirm.evaluate((element) => element === document.activeElement))) {
    await page.keyboard.press("Tab");
    presses++;
  }
  await expect(confirm).toBeFocused();
  expect(presses).toBeLessThanOrEqual(10);
  await page.keyboard.type(environmentName);
  await expect(submit).toBeEnabled();
  await expect(dialog.getByTestId("submit-blocker")).toHaveCount(0);

  await expectNoAxeViolations(page);
  await page.setViewportSize(PHONE);
  await expect(confirm).toBeInViewport();
  await expect(submit).toBeInViewport();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
});

test("axe finds nothing on the environment and migration pages at scale, and nothing scrolls sideways at 390 px", async ({
  page,
}) => {
  // Four axe runs over pages of a few thousand nodes, on a shared machine.
  test.setTimeout(300_000);
  await signIn(page, "operator", environmentPath());
  await expect(page.getByTestId("deploy-item")).toHaveCount(10);
  await expect(page.getByTestId("action-button-deploy")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.setViewportSize(PHONE);
  await expect(page.getByTestId("deploy-item").first()).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);

  // The migration that failed once: its two attempts, the rolled-back one with no made-up duration.
  await page.goto(`${environmentPath()}/migrations/${FAILED}`);
  await expect(page.getByRole("heading", { name: /Attempts/ })).toContainText("(2, newest first)");
  const rolledBack = page.locator(`[data-testid="attempt-${FAILED}"][data-state="rolled_back"]`);
  await expect(rolledBack).toContainText("unknown");
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await expectNoAxeViolations(page);
});

test("a 180-migration deploy waiting for approval: its action page reads in one screen, and axe finds nothing", async ({
  page,
}) => {
  test.setTimeout(PREFLIGHT_TIMEOUT + 60_000);
  await signIn(page, "admin", environmentPath());
  const status = (await (await page.request.get(`/api/environments/${environmentId}/status`)).json()) as {
    fingerprint: string;
  };
  const asked = await page.request.post(`/api/environments/${environmentId}/actions`, {
    data: { kind: "deploy", expectedFingerprint: status.fingerprint, confirmation: environmentName },
  });
  expect(asked.status(), await asked.text()).toBe(202);
  const actionId = ((await asked.json()) as { id: string }).id;
  try {
    await page.goto(`/actions/${encodeURIComponent(actionId)}`);
    const review = page.getByTestId("review-preflight");
    await expect(review.getByTestId("summary-migrations")).toContainText("180 migrations will run", {
      timeout: PREFLIGHT_TIMEOUT,
    });
    // 180 scripts folded: the SQL of a long deploy opens one migration at a time.
    await expect(review.getByTestId("preflight-migrations")).toHaveAttribute("data-folded", "true");
    await expect(page.getByTestId("review-cancel")).toBeVisible();
    await expectNoAxeViolations(page);
    await page.setViewportSize(PHONE);
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
  } finally {
    await page.request.post(`/api/actions/${encodeURIComponent(actionId)}/cancel`);
  }
});
