// Schema truth in a real browser on the demo: dev against prod names ConnectedAccount (made by hand in dev only),
// and a drift check on dev, with its progress, names it too and turns dev's health to Drifted on the overview.
import { expect, signIn, test } from "./fixtures";

test("dev compared with prod: ConnectedAccount exists only in dev", async ({ page }) => {
  await signIn(page, "viewer");
  await page.getByTestId("env-card-dev").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/environments\/[0-9a-f-]+$/);
  const compare = page.getByTestId("compare-panel");
  await compare.getByLabel("Environment to compare with").selectOption({ label: "prod" });
  const changes = compare.getByTestId("compare-changes");
  await expect(changes).toContainText("ConnectedAccount");
  await expect(changes.locator("li", { hasText: "table ConnectedAccount" })).toContainText("only in dev");
  await expect(compare.getByTestId("sql-view")).toContainText('DROP TABLE "ConnectedAccount"');
  // A viewer reads drift but does not start checks.
  await expect(page.getByRole("button", { name: "Check drift now" })).toHaveCount(0);
});

test("an operator checks dev's drift on demand: ConnectedAccount is named, and the overview reads Drifted", async ({
  page,
}) => {
  await signIn(page, "operator");
  await page.getByTestId("env-card-dev").getByRole("link").first().click();
  const panel = page.getByTestId("drift-panel");
  await page.getByRole("button", { name: "Check drift now" }).click();
  await expect(panel).toHaveAttribute("data-drift-status", "done", { timeout: 30_000 });
  await expect(panel).toHaveAttribute("data-drifted", "true");
  await expect(panel.getByTestId("drift-replay-failure")).toContainText("20260115000006_add_meta_oauth_metadata");
  await expect(panel.getByTestId("drift-changes")).toContainText("ConnectedAccount");

  await page.goto("/");
  await expect(page.getByTestId("env-card-dev").getByTestId("health-badge")).toContainText(/drifted/i);
  await expect(page.getByTestId("matrix-drift-dev")).toBeVisible();
});
