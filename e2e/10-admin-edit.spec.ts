// Administration that can change what it set up (issue 10, item 6; issue 11, item 5): in a real browser an admin
// renames an environment and rotates its URL to another database (the overview shows the new name and that
// database's state), turns protection off with the name typed, reorders and removes an environment with the name
// typed; the audit page shows each change; the password never reaches the page; /admin fits a 390 px screen.
// The spec makes its own project and target databases: the shared demo is never touched.
import { deployMigrations } from "../lib/migrations/engine";
import { readMigrationsFolder } from "../lib/migrations/folder";
import { writeMigrationsFolder } from "../lib/testing/migrations-fixture";
import { withTestPassword } from "../lib/testing/test-database";
import { expectNoSidewaysScroll } from "./axe";
import { expect, signIn, test } from "./fixtures";

const MIGRATIONS = {
  "20260101000000_accounts": 'CREATE TABLE "Account" (id int PRIMARY KEY);',
  "20260102000000_invoices": 'CREATE TABLE "Invoice" (id int PRIMARY KEY, "accountId" int);',
};

test("edit, rotate, unprotect, reorder and remove environments in the UI; audited; /admin fits 390 px", async ({
  page,
  targetDatabase,
}) => {
  test.setTimeout(180_000);
  const suffix = Date.now().toString(36);
  const projectName = `ledger-${suffix}`;
  // Names of their own: other specs add environments (a "qa" in the demo) that the overview shows too.
  const [qa, qaEu, live, scratch] = ["qa", "qa-eu", "live", "scratch"].map((name) => `${name}-${suffix}`);
  const dir = writeMigrationsFolder(MIGRATIONS);
  const folder = await readMigrationsFolder(dir);
  // Two databases with different histories: one behind by a migration, one up to date.
  const behind = await targetDatabase();
  const current = await targetDatabase();
  await deployMigrations(behind.url, { ...folder, migrations: folder.migrations.slice(0, 1) });
  await deployMigrations(current.url, folder);

  const bodies: string[] = [];
  page.on("response", async (response) => {
    if (response.url().includes("/api/")) bodies.push(await response.text().catch(() => ""));
  });
  await signIn(page, "admin", "/admin");

  // Set-up through the API, as a script would.
  const files = Object.fromEntries(Object.entries(MIGRATIONS).map(([name, sql]) => [`${name}/migration.sql`, sql]));
  const created = await page.request.post("/api/projects", {
    data: { name: projectName, source: { kind: "upload", files } },
  });
  expect(created.status()).toBe(201);
  const project = (await created.json()) as { id: string };
  let currentName = projectName;
  let removedInUi = false;
  const first = withTestPassword(behind.url, "E2e-First-Pw");
  const rotated = withTestPassword(current.url, "E2e-Rotated-Pw");
  for (const [name, url, isProtected] of [
    [qa, first.url, false],
    [live, current.url, true],
    [scratch, behind.url, false],
  ] as const) {
    const response = await page.request.post("/api/environments", {
      data: { projectId: project.id, name, databaseUrl: url, isProtected },
    });
    expect(response.status(), await response.text()).toBe(201);
  }

  try {
    await page.goto("/");
    await expect(page.getByTestId(`env-card-${qa}`).getByTestId("health-badge")).toContainText(/1 pending/i);

    // Rename and rotate the URL in the edit dialog.
    await page.goto("/admin");
    const row = (name: string) => page.locator(`[data-testid="environment-row"][data-environment-name="${name}"]`);
    await row(qa)
      .getByRole("button", { name: `Edit ${qa}` })
      .click();
    const edit = page.getByTestId("edit-environment-dialog");
    await expect(edit.getByText(behind.name)).toBeVisible(); // the current URL's display, without its password
    await edit.getByLabel(/^Name/).fill(qaEu);
    await edit.getByLabel("New database URL (rotation)").fill(rotated.url);
    await edit.getByRole("button", { name: "Test new URL" }).click();
    await expect(edit.getByText(/_prisma_migrations found with 2 recorded migrations/)).toBeVisible();
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit).toBeHidden();
    await expect(row(qaEu)).toContainText(current.name);
    await expect(row(qa)).toHaveCount(0);

    // The overview shows the new name and the other database's state.
    await page.goto("/");
    await expect(page.getByTestId(`env-card-${qaEu}`).getByTestId("health-badge")).toContainText(/up to date/i);
    await expect(page.getByTestId(`env-card-${qa}`)).toHaveCount(0);

    // Turning protection off needs the name typed.
    await page.goto("/admin");
    await expect(row(live).getByText(/protected/i)).toBeVisible();
    await row(live)
      .getByRole("button", { name: `Edit ${live}` })
      .click();
    await edit.getByLabel("Protected").uncheck();
    const save = edit.getByRole("button", { name: "Save changes" });
    await expect(save).toBeDisabled();
    const typed = edit.getByLabel(`Type ${live} to turn protection off`);
    await typed.fill(live.toUpperCase());
    await expect(save).toBeDisabled();
    await typed.fill(live);
    await save.click();
    await expect(edit).toBeHidden();
    await expect(row(live).getByText(/protected/i)).toHaveCount(0);

    // Timeouts, from the same dialog: the row shows them, the audit log has before → after.
    await row(live)
      .getByRole("button", { name: `Edit ${live}` })
      .click();
    await edit.getByLabel("Connect timeout (ms)").fill("2500");
    await edit.getByLabel("Statement timeout (ms)").fill("45000");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit).toBeHidden();
    await expect(row(live)).toContainText("2.5 s connect / 45 s statement");

    // The monitor interval, from the same dialog.
    await row(live)
      .getByRole("button", { name: `Edit ${live}` })
      .click();
    await edit.getByLabel("Read every (seconds)").fill("30");
    await edit.getByRole("button", { name: "Save interval" }).click();
    await expect(edit.getByRole("status")).toContainText("30 s");
    await edit.getByRole("button", { name: "Cancel" }).click();

    // Reorder: scratch moves before live.
    const names = () =>
      page
        .getByRole("list", { name: `Environments of ${projectName}, in deploy order` })
        .getByTestId("environment-row")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-environment-name")));
    expect(await names()).toEqual([qaEu, live, scratch]);
    // The first cannot move up nor the last down: no such button (a disabled one would need a reason).
    await expect(page.getByRole("button", { name: `Move ${qaEu} up` })).toHaveCount(0);
    await expect(page.getByRole("button", { name: `Move ${scratch} down` })).toHaveCount(0);
    await page.getByRole("button", { name: `Move ${scratch} up` }).click();
    await expect.poll(names).toEqual([qaEu, scratch, live]);

    // Remove with the name typed.
    await row(scratch)
      .getByRole("button", { name: `Remove… ${scratch}` })
      .click();
    const remove = page.getByTestId("remove-environment-dialog");
    const confirm = remove.getByRole("button", { name: "Remove environment" });
    await expect(confirm).toBeDisabled();
    await remove.getByLabel(`Type ${scratch} to confirm`).fill(scratch);
    await confirm.click();
    await expect(remove).toBeHidden();
    await expect(row(scratch)).toHaveCount(0);

    // Rename the project in its edit dialog (its source, an upload, stays as it is).
    const projectRow = (name: string) => page.locator(`[data-testid="project-row"][data-project-name="${name}"]`);
    await projectRow(projectName)
      .getByRole("button", { name: `Edit project ${projectName}` })
      .click();
    const editProject = page.getByTestId("edit-project-dialog");
    await editProject.getByLabel(/^Name/).fill(`${projectName}-v2`);
    await editProject.getByRole("button", { name: "Save changes" }).click();
    await expect(editProject).toBeHidden();
    currentName = `${projectName}-v2`;
    await expect(projectRow(currentName)).toContainText("Upload v1");

    // The audit page shows the changes, the URL only as rotated and without its password.
    await page.goto("/audit");
    const table = page.getByTestId("audit-table");
    await expect(table.getByText("environment removed").first()).toBeVisible();
    await expect(table.getByText(`${qaEu}: renamed "${qa}" → "${qaEu}"; URL rotated`)).toBeVisible();
    await expect(table.getByText(`${live}: protection turned off`)).toBeVisible();
    await expect(
      table.getByText(new RegExp(`${live}: connect timeout \\d+ → 2500 ms; statement timeout \\d+ → 45000 ms`)),
    ).toBeVisible();
    await expect(table.getByText(`${scratch} → ${live}`)).toBeVisible();
    await expect(table.getByText("monitor interval set").first()).toBeVisible();
    await expect(table.getByText(`Project ${currentName}: renamed "${projectName}" → "${currentName}".`)).toBeVisible();
    // The removed environment's history stays reachable: the filter offers it as removed, and narrows to it.
    const environmentFilter = page.locator("#audit-environment");
    const removedOption = `${currentName} / ${scratch} (removed)`;
    await expect(environmentFilter.locator("option", { hasText: removedOption })).toHaveCount(1);
    await environmentFilter.selectOption({ label: removedOption });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(table.getByText("environment removed").first()).toBeVisible();
    await expect(table.getByText(`${qaEu}: renamed`)).toHaveCount(0);
    for (const html of [await page.content(), ...bodies]) {
      expect(html).not.toContain(first.password);
      expect(html).not.toContain(rotated.password);
    }

    // A phone: nothing on /admin widens the page, with a dialog open or not.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/admin");
    await expect(row(qaEu)).toBeVisible();
    await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await row(qaEu)
      .getByRole("button", { name: `Edit ${qaEu}` })
      .click();
    await expect(edit).toBeVisible();
    await expectNoSidewaysScroll(page);

    // The project goes in the UI, its name typed (with what is left of its environments); audited.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto("/admin");
    await projectRow(currentName)
      .getByRole("button", { name: `Remove… project ${currentName}` })
      .click();
    const removeProject = page.getByTestId("remove-project-dialog");
    const confirmRemoval = removeProject.getByRole("button", { name: "Remove project" });
    await expect(confirmRemoval).toBeDisabled();
    await removeProject.getByLabel(`Type ${currentName} to confirm`).fill(currentName);
    await confirmRemoval.click();
    await expect(removeProject).toBeHidden();
    await expect(projectRow(currentName)).toHaveCount(0);
    await expect(row(qaEu)).toHaveCount(0);
    removedInUi = true;
    await page.goto("/audit");
    await expect(
      table.getByText(`Project ${currentName} removed with 2 environment(s); their history stays readable.`),
    ).toBeVisible();
  } finally {
    // Whatever happened above, the project goes, so the other specs' overview is as before.
    await page.setViewportSize({ width: 1280, height: 720 });
    if (!removedInUi) {
      const removed = await page.request.delete(`/api/projects/${project.id}`, { data: { confirmation: currentName } });
      expect(removed.status(), await removed.text()).toBe(200);
    }
  }
});
