// The dashboard in a real browser against the built app: the runbook's P3009 found from the overview,
// read in the timeline and the migration detail. Screenshots of both go into the README.
import fs from "node:fs";
import path from "node:path";
import { expect, signIn, test } from "./fixtures";

const FAILING = "20260115000006_add_meta_oauth_metadata";
// The README's screenshots are refreshed with UPDATE_SCREENSHOTS=1; ordinary runs leave the work tree alone.
const SCREENSHOTS = path.resolve(
  import.meta.dirname,
  process.env.UPDATE_SCREENSHOTS === "1" ? "../docs/screenshots" : "../.runway/screenshots",
);
fs.mkdirSync(SCREENSHOTS, { recursive: true });

test("a stakeholder sees prod blocked by P3009 and staging behind, at a glance", async ({ page }) => {
  await signIn(page, "viewer");
  const prod = page.getByTestId("env-card-prod");
  await expect(prod.getByTestId("health-badge")).toContainText(/blocked/i);
  await expect(prod).toContainText("P3009");
  await expect(prod).toContainText(FAILING);
  await expect(page.getByTestId("env-card-staging").getByTestId("health-badge")).toContainText(/1 pending/i);
  await expect(page.getByTestId("env-card-dev").getByTestId("health-badge")).toContainText(/up to date/i);

  // The matrix: failed only in prod; applied in dev and staging.
  const matrix = page.getByTestId("matrix");
  await expect(matrix.getByTestId(`matrix-cell-prod-${FAILING}`)).toContainText(/failed/i);
  await expect(matrix.getByTestId(`matrix-cell-staging-${FAILING}`)).toContainText(/applied/i);
  await expect(matrix.getByTestId(`matrix-cell-dev-${FAILING}`)).toContainText(/applied/i);
  await expect(matrix.getByTestId("matrix-cell-staging-20260120000000_add_message_reactions")).toContainText(
    /pending/i,
  );

  await page.screenshot({ path: path.join(SCREENSHOTS, "overview.png"), fullPage: true });
});

test("an on-call engineer reads the stored error and the SQL of the failed migration", async ({ page }) => {
  await signIn(page, "operator");
  await page.getByTestId("env-card-prod").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/environments\/[0-9a-f-]+$/);
  await expect(page.getByTestId("blocked-banner")).toContainText(FAILING);
  const attempt = page.getByTestId(`attempt-${FAILING}`).first();
  await expect(attempt).toBeVisible();
  await expect(page.getByTestId("error-log").first()).toContainText('relation "ConnectedAccount" does not exist');
  await page.screenshot({ path: path.join(SCREENSHOTS, "timeline.png"), fullPage: true });

  await attempt.getByRole("link", { name: FAILING }).first().click();
  await expect(page).toHaveURL(new RegExp(`/migrations/${FAILING}$`));
  await expect(page.getByTestId("sql-view")).toContainText('ALTER TABLE "ConnectedAccount"');
  await expect(page.getByTestId("error-log").first()).toContainText("42P01");
  // Reachable by URL: a reload shows the same detail.
  await page.reload();
  await expect(page.getByTestId("sql-view")).toContainText("metadataJson");
});
