// The guarded actions in a real browser against real databases: the runbook's fix clicked through by an operator
// (mark rolled back, fix the cause, deploy), the resolve-applied path, and two-person approval on protected prod.
// Each test that needs a failing environment makes its own copy of prod's state in a throwaway database.
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { deployMigrations } from "../lib/migrations/engine";
import { readMigrationsFolder } from "../lib/migrations/folder";
import type { TestDatabase } from "../lib/testing/test-database";
import { expect, signIn, test as base } from "./fixtures";
import type { E2eRole } from "./e2e-state";

const DEMO_PROJECT = "Demo app (runbook P3009)";
const FAILING = "20260115000006_add_meta_oauth_metadata";
const REACTIONS = "20260120000000_add_message_reactions";
const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/runbook-app");
const CONNECTED_ACCOUNT_SQL = fs.readFileSync(path.join(FIXTURE, "connected-account.sql"), "utf8");
const FAILING_SQL = fs.readFileSync(path.join(FIXTURE, "migrations", FAILING, "migration.sql"), "utf8");

/** Actions run through Prisma's engine in the server's worker: give them room. */
const ACTION_TIMEOUT = 45_000;

/** Prod's incident, reproduced: the first migration applied, then a deploy that fails on FAILING (P3018). */
async function makeFailingCopy(db: TestDatabase): Promise<void> {
  const folder = await readMigrationsFolder(path.join(FIXTURE, "migrations"));
  await deployMigrations(db.url, { ...folder, migrations: folder.migrations.slice(0, 1) });
  await expect(deployMigrations(db.url, folder)).rejects.toMatchObject({ code: "P3018" });
}

async function signedInPage(browser: Browser, baseURL: string, role: E2eRole, callbackPath = "/") {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, role, callbackPath);
  return { context, page };
}

/**
 * Registers a database as a non-protected environment of the demo project (admin API) and returns its id; the
 * environment is removed after the test (typed name), so the demo's overview and promotion order stay its own.
 */
const test = base.extend<{ demoEnvironment: (name: string, databaseUrl: string) => Promise<string> }>({
  demoEnvironment: async ({ browser, e2e }, use) => {
    const { context, page } = await signedInPage(browser, e2e.baseURL, "admin");
    const made: Array<{ id: string; name: string }> = [];
    try {
      await use(async (name, databaseUrl) => {
        const projects = (await (await page.request.get("/api/projects")).json()) as {
          projects: Array<{ id: string; name: string }>;
        };
        const project = projects.projects.find((p) => p.name === DEMO_PROJECT);
        expect(project, "the demo project").toBeTruthy();
        const response = await page.request.post("/api/environments", {
          data: { projectId: project!.id, name, databaseUrl },
        });
        expect(response.status(), await response.text()).toBe(201);
        const id = ((await response.json()) as { id: string }).id;
        made.push({ id, name });
        return id;
      });
      for (const { id, name } of made) {
        const removed = await page.request.delete(`/api/environments/${id}`, { data: { confirmation: name } });
        expect(removed.status(), await removed.text()).toBe(200);
      }
    } finally {
      await context.close();
    }
  },
});

const uniqueName = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

test("the runbook, clicked through by an operator: mark rolled back, fix the cause, deploy", async ({
  page,
  targetDatabase,
  demoEnvironment,
}) => {
  test.setTimeout(180_000);
  const db = await targetDatabase();
  await makeFailingCopy(db);
  const environmentId = await demoEnvironment(uniqueName("runbook"), db.url);

  await signIn(page, "operator", `/environments/${environmentId}`);
  const banner = page.getByTestId("blocked-banner");
  await expect(banner).toContainText("P3009");
  await expect(banner).toContainText(FAILING);
  // Not blocked-and-deployable at once: no deploy button while P3009 stands.
  await expect(page.getByTestId("action-button-deploy")).toHaveCount(0);

  // Step 1 of the runbook: prisma migrate resolve --rolled-back.
  await banner.getByTestId("action-button-rolled-back").click();
  const dialog = page.getByTestId("action-dialog");
  await expect(dialog).toBeVisible();
  await expect(page.getByRole("dialog", { name: `Mark ${FAILING} rolled back` })).toBeVisible();
  await expect(dialog.getByTestId("preflight-row-changes")).toContainText(FAILING);
  await expect(dialog.getByTestId("preflight-row-changes")).toContainText("rolled_back_at");
  await expect(dialog.getByTestId("preflight-cli")).toHaveText(`npx prisma migrate resolve --rolled-back ${FAILING}`);
  await expect(dialog.getByTestId("preflight-warnings")).toContainText("rolled_back_means_nothing_remains");
  await expect(dialog.getByTestId("confirm-input")).toHaveCount(0); // not protected
  const submit = dialog.getByTestId("action-submit");
  await expect(submit).toHaveText("Mark rolled back");
  await expect(submit).toBeEnabled();

  // Meanwhile someone else's deploy fails again on it (a second failed row): the request is refused as stale.
  await db.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, logs, applied_steps_count)
     SELECT gen_random_uuid()::text, checksum, migration_name, now(), logs, 0 FROM "_prisma_migrations"
     WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
    [FAILING],
  );
  await submit.click();
  const refused = dialog.getByTestId("action-request-error");
  await expect(refused).toContainText(/changed since you looked/i);
  await refused.getByRole("button", { name: "Reload preflight" }).click();
  await expect(refused).toHaveCount(0);
  await expect(dialog.getByTestId("preflight-row-changes").locator('[data-change="set_rolled_back_at"]')).toHaveCount(
    2,
  );

  await submit.click();
  await expect(dialog.getByTestId("action-status")).toHaveText("succeeded", { timeout: ACTION_TIMEOUT });
  await expect(dialog.getByTestId("action-log")).toContainText("resolve --rolled-back");
  await expect(dialog.getByTestId("action-result")).toContainText("marked rolled back");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  // The page refreshed by itself: unblocked, the migration will run again on the next deploy.
  await expect(page.getByTestId("blocked-banner")).toHaveCount(0);
  await expect(page.getByTestId(`pending-${FAILING}`)).toContainText("Rolled back — will run again on next deploy");
  const latest = page.getByTestId("actions-list").getByTestId("action-item").first();
  await expect(latest).toHaveAttribute("data-status", "succeeded");
  await expect(latest).toContainText("Mark rolled back");
  await expect(latest).toContainText("operator@e2e.test");

  // Fix the cause (the table the migration alters never existed here), then step 2: deploy.
  await db.query(CONNECTED_ACCOUNT_SQL);
  const deploy = page.getByTestId("action-button-deploy");
  await expect(deploy).toHaveText("Deploy 2 pending…");
  await deploy.click();
  await expect(page.getByRole("dialog", { name: "Deploy 2 pending migrations" })).toBeVisible();
  const toApply = dialog.getByTestId("preflight-migrations").getByRole("listitem");
  await expect(toApply).toHaveCount(2);
  await expect(toApply.nth(0)).toContainText(FAILING);
  await expect(toApply.nth(1)).toContainText(REACTIONS);
  // A short deploy shows its SQL without a click; a click folds it.
  await expect(toApply.nth(0).getByTestId("sql-view")).toContainText('ALTER TABLE "ConnectedAccount"');
  await toApply.nth(0).locator("summary").click();
  await expect(toApply.nth(0).getByTestId("sql-view")).toHaveCount(0);
  await expect(dialog.getByTestId("preflight-row-changes")).toContainText(REACTIONS);
  await expect(dialog.getByTestId("preflight-cli")).toHaveText("npx prisma migrate deploy");
  await dialog.getByTestId("action-submit").click();

  await expect(dialog.getByTestId("action-status")).toHaveText("succeeded", { timeout: ACTION_TIMEOUT });
  const log = dialog.getByTestId("action-log");
  await expect(log).toContainText(`Applying \`${FAILING}\``);
  await expect(log).toContainText(`Applying \`${REACTIONS}\``);
  await expect(dialog.getByTestId("action-result")).toContainText("Applied 2 migrations");
  await dialog.getByRole("button", { name: "Close" }).first().click();
  await expect(dialog).toHaveCount(0);

  // Every migration applied, and the drift check run after the deploy tells the incident's root cause: the
  // table created by hand to fix it is one no migration creates.
  await expect(page.getByTestId("health-badge")).toHaveText(/drifted/i, { timeout: ACTION_TIMEOUT });
  await expect(page.getByTestId("action-button-deploy")).toHaveCount(0);
  await expect(page.getByText("No migrations are waiting to be applied.")).toBeVisible();
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM information_schema.columns WHERE column_name = 'metadataJson'`,
  );
  expect(Number(rows[0].n)).toBe(1);
});

test("the change was applied by hand: mark applied, and the migration reads resolved manually", async ({
  page,
  browser,
  e2e,
  targetDatabase,
  demoEnvironment,
}) => {
  test.setTimeout(120_000);
  const db = await targetDatabase();
  await makeFailingCopy(db);
  // The DBA applies the migration's change by hand (the table first, which it needed).
  await db.query(CONNECTED_ACCOUNT_SQL);
  await db.query(FAILING_SQL);
  const environmentId = await demoEnvironment(uniqueName("by-hand"), db.url);

  // A viewer sees the problem, and the actions, but no action buttons.
  const viewer = await signedInPage(browser, e2e.baseURL, "viewer", `/environments/${environmentId}`);
  await expect(viewer.page.getByTestId("blocked-banner")).toContainText(FAILING);
  await expect(viewer.page.getByTestId("actions-list")).toBeAttached();
  await expect(viewer.page.getByTestId("action-button-rolled-back")).toHaveCount(0);
  await expect(viewer.page.getByTestId("action-button-applied")).toHaveCount(0);
  await viewer.context.close();

  await signIn(page, "operator", `/environments/${environmentId}`);
  await page.getByTestId("blocked-banner").getByTestId("action-button-applied").click();
  const dialog = page.getByTestId("action-dialog");
  await expect(dialog.getByTestId("preflight-cli")).toHaveText(`npx prisma migrate resolve --applied ${FAILING}`);
  const rows = dialog.getByTestId("preflight-row-changes");
  await expect(rows.locator('[data-change="set_rolled_back_at"]')).toHaveCount(1);
  await expect(rows.locator('[data-change="insert_applied_row"]')).toHaveCount(1);
  await expect(dialog.getByTestId("preflight-warnings")).toContainText("applied_means_changes_exist");
  await dialog.getByTestId("action-submit").click();
  await expect(dialog.getByTestId("action-status")).toHaveText("succeeded", { timeout: ACTION_TIMEOUT });
  await expect(dialog.getByTestId("action-result")).toContainText("marked applied");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  await expect(page.getByTestId("blocked-banner")).toHaveCount(0);
  await expect(page.getByTestId("action-button-deploy")).toHaveText("Deploy 1 pending…");
  // The drift check after the action names what no migration made: the table the DBA created by hand.
  await expect(page.getByTestId("health-badge")).toHaveText(/drifted/i, { timeout: ACTION_TIMEOUT });
  const resolved = page.locator(`[data-testid="attempt-${FAILING}"][data-state="applied_manually"]`);
  await expect(resolved).toContainText("Applied manually");
  // The history shows it as its own row: the resolve, not a deploy.
  await expect(page.getByTestId("deploy-item").filter({ has: resolved })).toContainText(
    "Marked applied (migrate resolve --applied)",
  );
  // The failed attempt stays in the history, now rolled back; nothing blocks.
  await expect(page.locator(`[data-testid="attempt-${FAILING}"][data-state="rolled_back"]`)).toHaveCount(1);
  await expect(page.locator(`[data-testid="attempt-${FAILING}"][data-state="failed"]`)).toHaveCount(0);

  await resolved.getByRole("link", { name: FAILING }).click();
  await expect(page).toHaveURL(new RegExp(`/migrations/${FAILING}$`));
  await expect(page.getByText("Marked applied with `migrate resolve --applied`: no script ran.")).toBeVisible();
  await expect(page.getByTestId("action-button-applied")).toHaveCount(0);
});

test("protected prod needs a typed confirmation and a second operator's approval", async ({ page, browser, e2e }) => {
  test.setTimeout(120_000);
  await signIn(page, "operator");
  await page.getByTestId("env-card-prod").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/environments\/[0-9a-f-]+$/);
  const prodPath = new URL(page.url()).pathname;

  await page.getByTestId("blocked-banner").getByTestId("action-button-rolled-back").click();
  const dialog = page.getByTestId("action-dialog");
  await expect(dialog.getByTestId("preflight-cli")).toHaveText(`npx prisma migrate resolve --rolled-back ${FAILING}`);
  // A real modal: named, aria-modal, and Tab stays inside it.
  const modal = page.getByRole("dialog", { name: `Mark ${FAILING} rolled back` });
  await expect(modal).toHaveAttribute("aria-modal", "true");
  await page.keyboard.press("Shift+Tab");
  expect(await modal.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  const confirm = dialog.getByTestId("confirm-input");
  const submit = dialog.getByTestId("action-submit");
  await expect(dialog.getByLabel("Type prod to confirm")).toBeVisible();
  await expect(dialog).toContainText("second operator");
  await expect(submit).toBeDisabled();
  await confirm.fill("Prod");
  await expect(submit).toBeDisabled();
  await confirm.fill("prod");
  await expect(submit).toBeEnabled();
  await submit.click();

  await expect(dialog.getByTestId("action-status")).toHaveText("awaiting approval");
  await expect(dialog.getByTestId("approval-wait")).toContainText("Waiting for another operator to approve");
  await dialog.getByRole("button", { name: "Close" }).first().click();
  await expect(dialog).toHaveCount(0);
  // Focus goes back to the button that opened the dialog.
  await expect(page.getByTestId("blocked-banner").getByTestId("action-button-rolled-back")).toBeFocused();

  // The requester cannot approve their own request; nothing ran yet.
  const request = page.getByTestId("actions-list").getByTestId("action-item").first();
  await expect(request).toHaveAttribute("data-status", "awaiting_approval");
  await expect(request.getByTestId("approval-wait")).toContainText(
    /Waiting for another operator to approve \(expires /,
  );
  await expect(page.getByTestId("approve-button")).toHaveCount(0);
  await expect(page.getByTestId("blocked-banner")).toBeVisible();

  // An admin, in another browser, approves; the action runs.
  const admin = await signedInPage(browser, e2e.baseURL, "admin", prodPath);
  const pending = admin.page.getByTestId("actions-list").getByTestId("action-item").first();
  await expect(pending).toHaveAttribute("data-status", "awaiting_approval");
  await pending.getByTestId("approve-button").click();
  const adminDialog = admin.page.getByTestId("action-dialog");
  await expect(adminDialog.getByTestId("action-status")).toHaveText("succeeded", { timeout: ACTION_TIMEOUT });
  await expect(adminDialog).toContainText("admin@e2e.test");
  await admin.page.keyboard.press("Escape");
  await expect(admin.page.getByTestId("blocked-banner")).toHaveCount(0);
  await admin.context.close();

  // The requester's page catches up by itself: approved, succeeded, prod no longer blocked.
  await expect(request).toHaveAttribute("data-status", "succeeded", { timeout: ACTION_TIMEOUT });
  await expect(request).toContainText("Approved by");
  await expect(page.getByTestId("blocked-banner")).toHaveCount(0);
  await expect(page.getByTestId("health-badge")).not.toHaveText(/blocked/i);
  await expect(page.getByTestId(`pending-${FAILING}`)).toContainText("Rolled back");
});

test("an admin creates an API token, sees it once, and revokes it", async ({ page, playwright, e2e }) => {
  await signIn(page, "admin", "/admin");
  // The list is read in the browser: once it shows, the form is hydrated (typing before that would be lost).
  await expect(page.getByText("Loading tokens…")).toHaveCount(0);
  const form = page.getByTestId("new-token-form");
  const name = uniqueName("ci-token");
  await form.getByLabel(/^name/i).fill(name);
  await form.getByLabel(/^role/i).selectOption("viewer");
  await form.getByRole("button", { name: "Create token" }).click();
  const created = page.getByTestId("token-created");
  await expect(created).toContainText("will not be shown again");
  const token = (await created.getByTestId("token-value").textContent())!.trim();
  expect(token).toMatch(/^rw_/);

  const api = await playwright.request.newContext({
    baseURL: e2e.baseURL,
    extraHTTPHeaders: { Authorization: `Bearer ${token}` },
  });
  expect((await api.get("/api/overview")).status()).toBe(200);

  await created.getByRole("button", { name: "I have copied it" }).click();
  await expect(page.getByTestId("token-value")).toHaveCount(0);
  const row = page.getByTestId("token-row").filter({ hasText: name });
  await expect(row.getByTestId("token-state")).toHaveText("Active");
  await row.getByTestId("token-revoke").click();
  await row.getByTestId("token-revoke-confirm").click();
  await expect(row.getByTestId("token-state")).toHaveText("Revoked");
  expect((await api.get("/api/overview")).status()).toBe(401);
  await api.dispose();
  expect(await page.content()).not.toContain(token);
});
