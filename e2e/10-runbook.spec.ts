// The whole runbook in a real browser, on the demo, from blocked prod to every migration applied — the fix shipped
// by pushing a release with the real `runway` CLI: BLOCKED · P3009 → the stored error → mark rolled back (typed
// name, a second operator approves on the action page) → "deploying now repeats the same failure" and the ways to
// ship → `runway push` of the re-runnable migrations → "deploy release #2" → the edits acknowledged → the deploy
// of release #2 (typed name, second operator) → every migration applied, each step in the audit log.
// It uses the demo's prod after the other specs (05 marks it rolled back): it first re-runs prod's failing deploy
// outside Runway, as CI did in the incident, so prod is blocked whatever ran before.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { deployMigrations } from "../lib/migrations/engine";
import { readMigrationsFolder } from "../lib/migrations/folder";
import { withDatabaseName } from "../lib/migrations/database-url";
import { RUNBOOK_FAILING, RUNBOOK_MIGRATIONS, RUNBOOK_MIGRATIONS_FIXED } from "../lib/testing/migrations-fixture";
import { expect, signIn, test } from "./fixtures";
import type { E2eRole } from "./e2e-state";

const DEMO_PROJECT = "Demo app (runbook P3009)";
const REPO_PATH = "packages/prisma/migrations";
const STATUS_TRACKING = "20260115000000_add_message_status_tracking";
const UNIFIED_INBOX = "20260115000003_add_unified_inbox";
const REACTIONS = "20260120000000_add_message_reactions";
const ACTION_TIMEOUT = 60_000;

async function signedInPage(browser: Browser, baseURL: string, role: E2eRole, callbackPath = "/") {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, role, callbackPath);
  return { context, page };
}

/** The application's repository: its migrations (the re-runnable version) under packages/prisma/migrations. */
function appRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-e2e-app-"));
  fs.cpSync(RUNBOOK_MIGRATIONS_FIXED, path.join(dir, REPO_PATH), { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=dev@example.com", "-c", "user.name=dev", ...args], { cwd: dir });
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "Make the runbook's migrations idempotent");
  return dir;
}

test("the runbook on the demo, in the UI: from blocked prod to every migration applied, the fix pushed with runway", async ({
  page,
  browser,
  e2e,
}) => {
  test.setTimeout(300_000);
  // CI's `prisma migrate deploy` against prod fails on the runbook's migration again (or finds it failed): P3009.
  const prodUrl = withDatabaseName(e2e.adminUrl, `${e2e.demoPrefix}_prod`);
  await expect(deployMigrations(prodUrl, await readMigrationsFolder(RUNBOOK_MIGRATIONS))).rejects.toMatchObject({
    code: expect.stringMatching(/^P30(09|18)$/),
  });

  // 1. Overview: prod reads BLOCKED · P3009.
  await signIn(page, "operator");
  const card = page.getByRole("region", { name: DEMO_PROJECT }).getByTestId("env-card-prod");
  await expect(card.getByTestId("health-badge")).toHaveText(/BLOCKED · P3009/, { timeout: 30_000 });
  await expect(card).toContainText(RUNBOOK_FAILING);
  await card.getByRole("link", { name: "prod" }).click();
  await expect(page).toHaveURL(/\/environments\/[0-9a-f-]+$/);
  const prodPath = new URL(page.url()).pathname;
  const prodId = prodPath.split("/").at(-1)!;

  // 2. The timeline shows the stored error; no deploy while P3009 stands.
  await expect(page.getByTestId("error-log").first()).toContainText('relation "ConnectedAccount" does not exist');
  await expect(page.getByTestId("action-button-deploy")).toHaveCount(0);
  await expect(page.getByTestId("ship-fix")).toHaveCount(0);

  // 3. Mark rolled back: prod is protected, so its name is typed and a second operator approves on the action page.
  await page.getByTestId("blocked-banner").getByTestId("action-button-rolled-back").click();
  const dialog = page.getByTestId("action-dialog");
  await expect(dialog.getByTestId("preflight-cli")).toHaveText(
    `npx prisma migrate resolve --rolled-back ${RUNBOOK_FAILING}`,
  );
  await dialog.getByTestId("confirm-input").fill("prod");
  await dialog.getByTestId("action-submit").click();
  await expect(dialog.getByTestId("action-status")).toHaveText("awaiting approval");
  await dialog.getByRole("button", { name: "Close" }).first().click();
  const rollbackId = await page
    .getByTestId("actions-list")
    .getByTestId("action-item")
    .first()
    .getAttribute("data-action-id");
  const admin = await signedInPage(browser, e2e.baseURL, "admin", `/actions/${rollbackId}`);
  await expect(admin.page.getByTestId("review-preflight")).toContainText(RUNBOOK_FAILING);
  await admin.page.getByTestId("review-approve").click();
  await expect(admin.page.getByTestId("action-status")).toHaveText("succeeded", { timeout: ACTION_TIMEOUT });

  // 4. Rolled back, but its file is the one that failed: the page says so and shows the ways to ship a fix; the
  //    deploy button says why it is not the next step (and stays usable).
  await expect(page.getByTestId("blocked-banner")).toHaveCount(0, { timeout: ACTION_TIMEOUT });
  const shipFix = page.getByTestId("ship-fix");
  await expect(shipFix).toContainText("Deploying now repeats the same failure");
  await expect(shipFix.getByTestId("ship-fix-unchanged")).toContainText(
    `${RUNBOOK_FAILING} is unchanged since it failed`,
  );
  const deploy = page.getByTestId("action-button-deploy");
  await expect(deploy).toBeEnabled();
  await expect(deploy).toHaveAccessibleDescription(/Not the next step: .*repeats the same failure/);
  await expect(shipFix.getByTestId("ship-fix-diff")).toContainText(`${REPO_PATH}/${RUNBOOK_FAILING}/migration.sql`);
  const patch = await page.request.get(`/api/environments/${prodId}/ship-fix?download=patch`);
  expect(await patch.text()).toMatch(new RegExp(`^--- a/${REPO_PATH}/${RUNBOOK_FAILING}/migration.sql\n`));
  const pushCommand = (await shipFix.getByTestId("ship-fix-push-command").textContent())!;
  expect(pushCommand).toContain(`node "$runway" push --project '${DEMO_PROJECT}' --dir ${REPO_PATH} --commit`);
  await expect(shipFix.getByTestId("ship-fix-upload")).toBeVisible();

  // 5. An admin makes a release token for the demo in the admin UI.
  await admin.page.goto("/admin");
  await expect(admin.page.getByText("Loading tokens…")).toHaveCount(0);
  const form = admin.page.getByTestId("new-token-form");
  await form.getByLabel(/^name/i).fill(`ci-runbook-${Date.now().toString(36)}`);
  await form.getByLabel(/^role/i).selectOption("release");
  await form.getByTestId("token-projects").getByLabel(DEMO_PROJECT).check();
  await form.getByRole("button", { name: "Create token" }).click();
  const token = (await admin.page.getByTestId("token-value").textContent())!.trim();
  expect(token).toMatch(/^rw_/);

  // 6. CI runs the commands the page shows, as they are, from the application's repository: the CLI is fetched
  //    from this Runway with the release token (nothing of Runway's is installed there).
  const repo = appRepository();
  const script = pushCommand.replace("<a release token for this project>", token);
  const output = execFileSync("sh", ["-ec", script], {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` },
  });
  const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
  expect(output).toContain(`Release ${head.slice(0, 7)} (#2) of ${DEMO_PROJECT}`);
  fs.rmSync(repo, { recursive: true, force: true });

  // 7. The page moves on: deploy release #2. The release edits two migrations applied here: they read modified.
  const next = page.getByTestId("ship-fix-next");
  await expect(next).toContainText("Next: deploy release #2", { timeout: 30_000 });
  await expect(page.getByTestId("ship-fix")).toHaveCount(0);
  await expect(page.getByTestId("deploy-caution")).toHaveCount(0);
  await expect(page.getByTestId("health-badge").first()).toHaveText(/Diverged/);
  const edited = page.getByTestId("edited-migrations");
  await expect(edited).toContainText("2 migrations edited after being applied here");
  await expect(edited).toContainText(STATUS_TRACKING);
  await expect(edited).toContainText(UNIFIED_INBOX);

  // 8. The operator acknowledges the two edits (the runbook's rewrite): edited (acknowledged), no longer diverged.
  await page.getByTestId("acknowledge-edits").click();
  await page.getByTestId("acknowledge-reason").fill("the runbook's idempotent rewrite");
  await page.getByTestId("acknowledge-submit").click();
  const acknowledged = page.getByTestId("acknowledged-edits");
  await expect(acknowledged).toContainText("2 edits acknowledged");
  await expect(acknowledged).toContainText(STATUS_TRACKING);
  await expect(acknowledged).toContainText(UNIFIED_INBOX);
  await expect(page.getByTestId("health-badge").first()).toHaveText(/^○?2 pending$/);
  await expect(page.getByTestId("edited-migrations")).toHaveCount(0);
  // The edited migration's own page reads "Edited (acknowledged)".
  const environmentPath = new URL(page.url()).pathname;
  await page.goto(`${environmentPath}/migrations/${UNIFIED_INBOX}`);
  await expect(page.getByTestId(`attempt-${UNIFIED_INBOX}`).first()).toContainText("Edited (acknowledged)");
  await page.goto(environmentPath);

  // 9. Deploy release #2, picked in the dialog (the newest, preselected); protected: typed name, second operator.
  await next.getByTestId("ship-fix-deploy").click();
  await expect(page.getByRole("dialog", { name: "Deploy 2 pending migrations · release #2" })).toBeVisible();
  const newest = dialog.getByTestId("release-option-2");
  await expect(newest).toHaveAttribute("data-checked", "true");
  await expect(newest).toContainText(`Would apply 2 migrations: ${RUNBOOK_FAILING}, ${REACTIONS}`);
  const dryRun = dialog.getByTestId("preflight-dry-run");
  await expect(dryRun).toContainText("applied 2 migrations cleanly", { timeout: ACTION_TIMEOUT });
  // Release #1 (as it failed in prod) would apply the same two, and its dry run fails exactly as prod did.
  const first = dialog.getByTestId("release-option-1");
  await expect(first).toContainText(`Would apply 2 migrations: ${RUNBOOK_FAILING}, ${REACTIONS}`);
  await first.getByRole("radio").check();
  await expect(page.getByRole("dialog", { name: "Deploy 2 pending migrations · release #1" })).toBeVisible({
    timeout: ACTION_TIMEOUT,
  });
  await expect(dryRun).toHaveAttribute("data-verdict", "fails");
  await expect(dryRun).toContainText(RUNBOOK_FAILING);
  await expect(dialog.getByTestId("preflight-refusal")).toContainText("dry_run_failed");
  await newest.getByRole("radio").check();
  await expect(dryRun).toContainText("applied 2 migrations cleanly", { timeout: ACTION_TIMEOUT });
  await expect(dialog.getByTestId("preflight-migrations").getByRole("listitem")).toHaveCount(2);
  await dialog.getByTestId("confirm-input").fill("prod");
  await dialog.getByTestId("action-submit").click();
  await expect(dialog.getByTestId("action-status")).toHaveText("awaiting approval");
  await dialog.getByRole("button", { name: "Close" }).first().click();
  const deployItem = page.getByTestId("actions-list").getByTestId("action-item").first();
  await expect(deployItem).toContainText("Deploy");
  await expect(deployItem.getByTestId("action-release")).toHaveText("release #2");
  const deployId = await deployItem.getAttribute("data-action-id");
  await admin.page.goto(`/actions/${deployId}`);
  await expect(admin.page.getByTestId("review-preflight")).toContainText(RUNBOOK_FAILING);
  await admin.page.getByTestId("review-approve").click();
  await expect(admin.page.getByTestId("action-status")).toHaveText("succeeded", { timeout: ACTION_TIMEOUT });
  await expect(admin.page.getByTestId("action-log")).toContainText(`Applying \`${RUNBOOK_FAILING}\``);
  await admin.context.close();

  // 10. Every migration applied: nothing pending, failed or rolled back; the two acknowledged edits stay so.
  await expect(deployItem).toHaveAttribute("data-status", "succeeded", { timeout: ACTION_TIMEOUT });
  await expect(page.getByTestId("ship-fix-next")).toHaveCount(0);
  await expect(page.getByTestId("action-button-deploy")).toHaveCount(0);
  await expect(page.getByText("No migrations are waiting to be applied.")).toBeVisible();
  const counts = page.getByRole("list", { name: "Migrations by state" });
  await expect(counts.locator('[data-state="applied"]')).toContainText("3 applied");
  await expect(counts.locator('[data-state="edited_acknowledged"]')).toContainText("2 edited (acknowledged)");
  const status = await (await page.request.get(`/api/environments/${prodId}/status`)).json();
  expect((status.migrations as Array<{ name: string; state: string }>).map((m) => [m.name, m.state])).toEqual([
    ["20260110000000_init", "applied"],
    [STATUS_TRACKING, "edited_acknowledged"],
    [UNIFIED_INBOX, "edited_acknowledged"],
    [RUNBOOK_FAILING, "applied"],
    [REACTIONS, "applied"],
  ]);
  expect(status.release).toMatchObject({ at: { number: 2 }, behind: 0 });

  // The promotion order: what the environment before prod has, and which environments are at or past release #2.
  await expect(page.getByTestId("promotion-gap")).toHaveText("staging has no release yet, prod is at #2.");
  await page.goto(`/projects/${status.environment.projectId}/releases`);
  await expect(page.getByTestId("release-reached-2")).toContainText(/At or past it: dev, .*prod/);
  await expect(page.getByTestId("enforce-promotion")).toHaveCount(0); // an admin's setting
  const owner = await signedInPage(browser, e2e.baseURL, "admin", `/projects/${status.environment.projectId}/releases`);
  const enforce = owner.page.getByTestId("enforce-promotion");
  await enforce.click();
  await expect(enforce).toBeChecked();
  await expect(owner.page.getByTestId("promotion-path")).toContainText("Promotion order (enforced)");
  await enforce.click(); // back as it was: the other specs' demo does not enforce it
  await expect(enforce).not.toBeChecked();
  await owner.context.close();

  // 11. The audit log holds each step, with who and the release.
  const audit = await (await page.request.get(`/api/audit?environmentId=${prodId}&limit=200`)).json();
  const events = (
    audit.events as Array<{
      event: string;
      outcome: string;
      actionId: string | null;
      actorLabel: string;
      arguments: unknown;
    }>
  )
    .slice()
    .reverse();
  const step = (event: string, actionId: string | null) =>
    events.find((e) => e.event === event && (actionId === null || e.actionId === actionId));
  expect(step("request", rollbackId)).toMatchObject({ outcome: "awaiting_approval", actorLabel: "operator@e2e.test" });
  expect(step("approval", rollbackId)).toMatchObject({ actorLabel: "admin@e2e.test" });
  expect(step("outcome", rollbackId)).toMatchObject({ outcome: "succeeded" });
  expect(step("edit_acknowledged", null)).toMatchObject({ outcome: "accepted", actorLabel: "operator@e2e.test" });
  expect(step("request", deployId)).toMatchObject({
    outcome: "awaiting_approval",
    arguments: { release: { number: 2, chosen: true } },
  });
  expect(step("approval", deployId)).toMatchObject({ actorLabel: "admin@e2e.test" });
  expect(step("outcome", deployId)).toMatchObject({ outcome: "succeeded" });
  const toggles = await (await page.request.get(`/api/audit?event=project_updated&limit=50`)).json();
  const demoToggles = (
    toggles.events as Array<{ arguments: { projectId: string; before: unknown; after: unknown } }>
  ).filter((e) => e.arguments.projectId === status.environment.projectId);
  // Newest first: turned on, then off again.
  expect(
    demoToggles.map((e) => [
      (e.arguments.before as { enforcePromotion: boolean }).enforcePromotion,
      (e.arguments.after as { enforcePromotion: boolean }).enforcePromotion,
    ]),
  ).toEqual([
    [true, false],
    [false, true],
  ]);
  const pushes = await (await page.request.get(`/api/audit?event=release_pushed&limit=50`)).json();
  expect(
    pushes.events.some(
      (e: { arguments: { release: { number: number; commit: { sha: string } } } }) =>
        e.arguments.release.number === 2 && e.arguments.release.commit.sha === head,
    ),
  ).toBe(true);
});
