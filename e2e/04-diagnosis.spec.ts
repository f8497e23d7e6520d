// The diagnosis on the migration detail page, in a real browser against the demo's prod (protected, blocked by
// P3009): the failure analysis explains the error, points at the failed statement and recommends a resolution;
// the recommended button opens the action dialog on that choice with the advice (cancelled: prod is shared).
// The re-runnable panel lints the migration and offers its guarded rewrite as a diff and a patch.
import { expect, signIn, test } from "./fixtures";

const FAILING = "20260115000006_add_meta_oauth_metadata";
const DEMO_PROJECT = "Demo app (runbook P3009)";

/** Analysis probes the target's catalogs: allow for a slow first connection. */
const ANALYSIS_TIMEOUT = 30_000;

test("an operator reads the failure analysis, opens the recommended resolution, and gets a re-runnable patch", async ({
  page,
}) => {
  await signIn(page, "operator");
  await page.getByTestId("env-card-prod").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/environments\/[0-9a-f-]+$/);
  await page.getByTestId(`attempt-${FAILING}`).first().getByRole("link", { name: FAILING }).first().click();
  await expect(page).toHaveURL(new RegExp(`/migrations/${FAILING}$`));

  const analysis = page.getByTestId("failure-analysis");
  await expect(analysis.getByRole("heading", { name: "Failure analysis" })).toBeVisible();
  await expect(analysis.getByTestId("analysis-error")).toContainText("42P01", { timeout: ANALYSIS_TIMEOUT });
  await expect(analysis.getByTestId("analysis-error")).toContainText("does not exist");
  await expect(analysis.getByTestId("analysis-transaction")).toContainText("PostgreSQL undid every statement");
  const failed = analysis.getByTestId("failed-statement");
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('ALTER TABLE "ConnectedAccount"');
  await expect(failed).toContainText("Failed here");
  const recommendation = analysis.getByTestId("recommendation");
  await expect(recommendation).toContainText("Mark rolled back");
  await expect(recommendation).toHaveAttribute("data-choice", "rolled_back");

  // The recommended resolution is the primary button and says so; the other one stays available.
  const recommended = recommendation.getByTestId("analysis-action-rolled-back");
  await expect(recommended).toContainText("(recommended)");
  await expect(recommendation.getByTestId("analysis-action-applied")).not.toContainText("(recommended)");
  await recommended.click();
  const dialog = page.getByTestId("action-dialog");
  await expect(page.getByRole("dialog", { name: `Mark ${FAILING} rolled back` })).toBeVisible();
  const note = dialog.getByTestId("recommendation-note");
  await expect(note).toContainText("Recommended by the failure analysis");
  await expect(note).toContainText("Mark rolled back");
  await expect(dialog.getByTestId("preflight-cli")).toHaveText(`npx prisma migrate resolve --rolled-back ${FAILING}`);
  // The operator can still choose the other resolution: the note then says it differs from the advice.
  await note.getByTestId("recommendation-switch").click();
  await expect(page.getByRole("dialog", { name: `Mark ${FAILING} applied` })).toBeVisible();
  await expect(dialog.getByTestId("preflight-cli")).toHaveText(`npx prisma migrate resolve --applied ${FAILING}`);
  await expect(note).toContainText("you chose Mark applied");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);

  // Make it re-runnable: findings, the guarded rewrite as a diff, and the patch file.
  const rerunnable = page.getByTestId("rerunnable");
  const findings = rerunnable.getByTestId("lint-findings");
  await expect(findings.getByTestId("lint-finding").first()).toBeVisible();
  await expect(findings.locator('[data-rule="add-column-without-if-not-exists"]').first()).toBeVisible();
  const diff = rerunnable.getByTestId("rewrite-diff");
  await expect(diff).toContainText(/IF NOT EXISTS|DO \$/);
  await expect(diff.locator('[data-diff="add"]').first()).toBeVisible();
  await expect(diff.locator('[data-diff="remove"]').first()).toBeVisible();
  const href = await rerunnable.getByTestId("download-patch").getAttribute("href");
  expect(href).toContain(`/migrations/${FAILING}/rerunnable?download=patch`);
  const patch = await page.request.get(href!);
  expect(patch.status()).toBe(200);
  // The demo's app keeps its migrations in packages/prisma/migrations (the runbook's --schema path): the patch says so.
  expect(await patch.text()).toMatch(/^--- a\/packages\/prisma\/migrations\/20260115000006_add_meta_oauth_metadata\//);
  await expect(rerunnable.getByRole("button", { name: /Copy SQL/ })).toBeVisible();
  // Failed, never applied here: editing the file does not make it read as modified.
  await expect(rerunnable.getByTestId("checksum-warning")).toHaveCount(0);
});

test("a viewer sees the failure analysis and the re-runnable version, but no action buttons", async ({ page }) => {
  await signIn(page, "viewer");
  const environments = (await (await page.request.get("/api/environments")).json()) as {
    environments: Array<{ id: string; name: string; projectName: string }>;
  };
  const prod = environments.environments.find((e) => e.name === "prod" && e.projectName === DEMO_PROJECT);
  expect(prod, "the demo's prod").toBeTruthy();
  await page.goto(`/environments/${prod!.id}/migrations/${FAILING}`);

  const analysis = page.getByTestId("failure-analysis");
  await expect(analysis.getByTestId("recommendation")).toContainText("Mark rolled back", { timeout: ANALYSIS_TIMEOUT });
  await expect(analysis.getByTestId("failed-statement")).toContainText('ALTER TABLE "ConnectedAccount"');
  await expect(page.getByTestId("rerunnable").getByTestId("rewrite-diff")).toBeVisible();
  await expect(page.getByTestId("analysis-action-rolled-back")).toHaveCount(0);
  await expect(page.getByTestId("analysis-action-applied")).toHaveCount(0);
  await expect(page.getByTestId("action-button-rolled-back")).toHaveCount(0);
  await expect(page.getByText("(recommended)")).toHaveCount(0);
});
