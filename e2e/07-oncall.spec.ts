// The on-call loop in a real browser: a protected deploy reviewed on its own page (preflight and SQL) and
// approved by a second operator, the requester unable to approve (not even with a token), the activity feed
// and last-deploy facts for viewers (without the audit log), and a notification channel's "send test".
import http from "node:http";
import type net from "node:net";
import type { Browser } from "@playwright/test";
import pg from "pg";
import { deployMigrations } from "../lib/migrations/engine";
import { readMigrationsFolder } from "../lib/migrations/folder";
import { verifyWebhook } from "../lib/notifications/sign-webhook";
import { writeMigrationsFolder } from "../lib/testing/migrations-fixture";
import { expect, signIn, test } from "./fixtures";
import type { E2eRole } from "./e2e-state";

const A = "20260301000000_orders";

/** A migrations folder as the upload source takes it (folder sources are limited to RUNWAY_SOURCE_ROOTS). */
function uploadFiles(migrations: Record<string, string>): Record<string, string> {
  const files: Record<string, string> = { "migration_lock.toml": 'provider = "postgresql"\n' };
  for (const [name, sql] of Object.entries(migrations)) files[`${name}/migration.sql`] = sql;
  return files;
}
const B = "20260302000000_order_notes";

async function signedInPage(browser: Browser, baseURL: string, role: E2eRole, callbackPath = "/") {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, role, callbackPath);
  return { context, page };
}

test("a protected deploy: reviewed on its page with its SQL, approved by a second operator, seen by viewers", async ({
  browser,
  e2e,
  targetDatabase,
}) => {
  const target = await targetDatabase();
  const sql = { [A]: 'CREATE TABLE "Orders" (id int);', [B]: 'CREATE TABLE "OrderNotes" (id int, note text);' };
  const dir = writeMigrationsFolder(sql);
  const folder = await readMigrationsFolder(dir);
  await deployMigrations(target.url, { ...folder, migrations: folder.migrations.slice(0, 1) });

  // The admin registers a protected environment with one pending migration and asks for its deploy.
  const admin = await signedInPage(browser, e2e.baseURL, "admin");
  const project = await admin.page.request.post("/api/projects", {
    data: { name: `oncall-${Date.now()}`, source: { kind: "upload", files: uploadFiles(sql) } },
  });
  expect(project.status(), await project.text()).toBe(201);
  const projectId = ((await project.json()) as { id: string }).id;
  const created = await admin.page.request.post("/api/environments", {
    data: { projectId, name: "prod", databaseUrl: target.url, isProtected: true },
  });
  expect(created.status(), await created.text()).toBe(201);
  const envId = ((await created.json()) as { id: string }).id;
  const status = (await (await admin.page.request.get(`/api/environments/${envId}/status`)).json()) as {
    fingerprint: string;
  };
  const asked = await admin.page.request.post(`/api/environments/${envId}/actions`, {
    data: { kind: "deploy", expectedFingerprint: status.fingerprint, confirmation: "prod" },
  });
  expect(asked.status(), await asked.text()).toBe(202);
  const actionId = ((await asked.json()) as { id: string }).id;

  // The requester cannot approve: not on the page, not through the API, not with a token of theirs.
  await admin.page.goto(`/actions/${actionId}`);
  await expect(admin.page.getByTestId("decision")).toContainText("Your request waits for a second operator");
  await expect(admin.page.getByTestId("review-approve")).toHaveCount(0);
  await expect(admin.page.getByTestId("review-cancel")).toBeVisible();
  const ownApproval = await admin.page.request.post(`/api/actions/${actionId}/approve`);
  expect(ownApproval.status()).toBe(403);
  const token = (
    (await (
      await admin.page.request.post("/api/tokens", { data: { name: `approver-${Date.now()}`, role: "admin" } })
    ).json()) as { token: string }
  ).token;
  const viaToken = await admin.page.request.post(`/api/actions/${actionId}/approve`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(viaToken.status()).toBe(403);
  expect(((await viaToken.json()) as { error: { code: string } }).error.code).toBe("self_approval");

  // The operator sees the waiting request in the header, opens its URL, reads the SQL and approves.
  const operator = await signedInPage(browser, e2e.baseURL, "operator");
  await expect(operator.page.getByTestId("waiting-badge")).toBeVisible();
  await operator.page.goto(`/actions/${actionId}`);
  const preflight = operator.page.getByTestId("review-preflight");
  await expect(preflight).toContainText(B);
  await expect(preflight).toContainText('CREATE TABLE "OrderNotes"');
  await expect(operator.page.getByTestId("decision")).toContainText("admin@e2e.test asks for this");
  await operator.page.getByTestId("review-approve").click();
  await expect(operator.page.getByTestId("action-status")).toHaveText("succeeded", { timeout: 30_000 });
  await expect(operator.page.getByTestId("action-progress")).toContainText("operator@e2e.test");

  // A viewer: the activity feed shows the request and the deploy, the card the last deploy, the audit stays closed.
  const viewer = await signedInPage(browser, e2e.baseURL, "viewer");
  await viewer.page.goto(`/activity?environmentId=${envId}`);
  await expect(viewer.page.locator('[data-testid="event"][data-kind="approval_requested"]')).toBeVisible();
  const deployed = viewer.page.locator('[data-testid="event"][data-kind="deployed"]');
  await expect(deployed).toContainText(B, { timeout: 20_000 });
  await viewer.page.getByTestId("filter-kind").selectOption("deployed");
  await expect(viewer.page.locator('[data-testid="event"][data-kind="approval_requested"]')).toHaveCount(0);
  await expect(deployed).toBeVisible();

  await viewer.page.goto(`/environments/${envId}`);
  const lastDeploy = viewer.page.getByTestId("last-deploy");
  await expect(lastDeploy).toContainText("by admin@e2e.test, approved by operator@e2e.test");
  await expect(lastDeploy).toContainText(B);
  await expect(viewer.page.getByTestId("latest-applied")).toContainText(B);
  // Someone runs a migrate by hand (holding Prisma's advisory lock): the environment page says who.
  const holder = new pg.Client({ connectionString: target.url, application_name: "ci-migrate-job" });
  await holder.connect();
  try {
    await holder.query("SELECT pg_advisory_lock(72707369)");
    await viewer.page.reload();
    await expect(viewer.page.getByTestId("lock-holder")).toContainText("ci-migrate-job", { timeout: 20_000 });
  } finally {
    await holder.end();
  }

  await viewer.page.goto("/");
  await expect(
    viewer.page.getByTestId("last-deploy").filter({ hasText: "approved by operator@e2e.test" }).first(),
  ).toBeVisible();
  expect((await viewer.page.request.get(`/api/audit?environmentId=${envId}`)).status()).toBe(403);
  await viewer.page.goto("/audit");
  await expect(viewer.page.getByRole("heading", { name: /forbidden|not allowed|access/i })).toBeVisible();

  for (const session of [admin, operator, viewer]) await session.context.close();
});

test("an admin adds a signed webhook channel, sees its secret once, and sends a test", async ({ page }) => {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    await signIn(page, "admin", "/admin");
    const name = `hook-${Date.now()}`;
    await page.getByTestId("channel-kind").selectOption("webhook");
    await page.getByTestId("channel-name").fill(name);
    await page.getByTestId("channel-target").fill(`http://127.0.0.1:${port}/runway?key=secret-part`);
    await page.getByTestId("channel-create").click();
    const secretBanner = page.getByTestId("channel-secret");
    await expect(secretBanner).toContainText("shown this once");
    const secret = (await secretBanner.locator("code").textContent())!.trim();
    const row = page.locator(`[data-testid="channel-row"][data-channel-name="${name}"]`);
    await expect(row).toContainText(`http://127.0.0.1:${port}/…`);
    await expect(row).not.toContainText("secret-part");

    await row.getByTestId("channel-test").click();
    await expect(row.getByTestId("channel-test-result")).toContainText("Test delivered: 200");
    await expect(row.getByTestId("delivery").first()).toContainText("200 ok");
    expect(received).toHaveLength(1);
    const [hit] = received;
    expect(JSON.parse(hit.body).type).toBe("test");
    expect(
      verifyWebhook(
        secret,
        {
          signature: hit.headers["x-runway-signature"] as string,
          timestamp: hit.headers["x-runway-timestamp"] as string,
        },
        hit.body,
      ),
    ).toBe(true);

    // Reloaded, the secret is gone for good.
    await page.reload();
    await expect(page.getByTestId("channel-secret")).toHaveCount(0);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
