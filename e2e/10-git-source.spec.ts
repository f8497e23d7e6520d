// A git migrations source through the real built app: an admin creates a git project in the UI against a
// repository served by this spec's own smart-HTTP server (basic auth), sees the webhook secret once, and a signed
// GitHub-style push makes the new commit's release appear on the releases page. A wrong signature is 401; no API
// response ever holds the token, and none but the creation's holds the webhook secret.
import crypto from "node:crypto";
import { createTestRepo, migrationFiles } from "../lib/testing/git-repo";
import { startGitHttpServer } from "../lib/testing/git-http-server";
import { expect, signIn, test } from "./fixtures";

const TOKEN = "glpat-e2e-git-source-token-0123456789";

test("a git project: created in the UI, secret shown once, a signed push becomes a release", async ({
  page,
  playwright,
  e2e,
}) => {
  test.setTimeout(180_000);
  const repo = await createTestRepo();
  const first = await repo.commit(
    migrationFiles({ "20260101000000_init": 'CREATE TABLE "users" (id int);\n' }),
    "init",
  );
  await repo.push();
  const server = await startGitHttpServer(repo.root, { username: "ci", password: TOKEN });
  try {
    const name = `git-${Date.now().toString(36)}`;
    await signIn(page, "admin", "/admin");
    const form = page.getByTestId("new-project-form");
    const field = (label: string) => form.getByRole("textbox", { name: label, exact: true });
    await field("Name").fill(name);
    await form.getByRole("radio", { name: "Git repository" }).check();
    await field("Repository").fill(server.url(repo.name));
    await field("Branch or tag").fill("main");
    await form.getByRole("radio", { name: "HTTPS token or password" }).check();
    await field("Username (optional)").fill("ci");
    await form.getByLabel(/^Token or password/).fill(TOKEN);
    // Only the webhook fetches during the spec.
    await form.getByRole("spinbutton", { name: /Fetch every/ }).fill("3600");
    const created = page.waitForResponse((r) => r.url().endsWith("/api/projects") && r.request().method() === "POST");
    await form.getByRole("button", { name: "Create project" }).click();
    const creation = await created;
    expect(creation.status()).toBe(201);
    const creationText = await creation.text();
    expect(creationText).not.toContain(TOKEN);

    const shown = page.getByTestId("git-webhook-secret");
    await expect(shown).toBeVisible();
    const secret = (await page.getByTestId("git-webhook-secret-value").textContent())!.trim();
    const webhookUrl = (await page.getByTestId("git-webhook-url").textContent())!.trim();
    expect(secret).toMatch(/^rwgit_/);
    const projectId = /\/api\/projects\/([0-9a-f-]{36})\/git\/webhook$/.exec(webhookUrl)![1];
    await shown.getByRole("button", { name: "I have copied it" }).click();
    await expect(page.getByTestId("git-webhook-secret-value")).toHaveCount(0);

    // The projects panel: the source without credentials, the last fetch.
    const row = page.locator(`[data-testid="project-row"][data-project-name="${name}"]`);
    await expect(row.getByTestId("git-source-summary")).toContainText(server.url(repo.name));
    await expect(row.getByTestId("git-last-fetch")).toContainText(first.slice(0, 7));

    await page.goto(`/projects/${projectId}/releases`);
    await expect(page.getByTestId("release-1")).toContainText(first);

    const b = await repo.commit(
      migrationFiles({ "20260102000000_posts": 'CREATE TABLE "posts" (id int);\n' }),
      "add posts",
    );
    await repo.push();
    const hook = await playwright.request.newContext({ baseURL: e2e.baseURL });
    const body = JSON.stringify({ ref: "refs/heads/main", after: b, head_commit: { id: b, message: "add posts" } });
    const signature = (key: string) => `sha256=${crypto.createHmac("sha256", key).update(body).digest("hex")}`;
    const wrong = await hook.post(`/api/projects/${projectId}/git/webhook`, {
      headers: {
        "content-type": "application/json",
        "x-github-event": "push",
        "x-hub-signature-256": signature("not-the-secret"),
      },
      data: body,
    });
    expect(wrong.status()).toBe(401);
    expect((await wrong.json()).error.code).toBe("invalid_signature");

    const signed = await hook.post(`/api/projects/${projectId}/git/webhook`, {
      headers: {
        "content-type": "application/json",
        "x-github-event": "push",
        "x-hub-signature-256": signature(secret),
      },
      data: body,
    });
    expect(signed.status()).toBe(202);
    expect(await signed.json()).toMatchObject({ outcome: "queued" });
    await hook.dispose();

    // The releases page polls: the webhook's fetch shows up as release #2 with its commit.
    const second = page.getByTestId("release-2");
    await expect(second).toBeVisible({ timeout: 30_000 });
    await expect(second).toContainText(b);
    await expect(second).toContainText("add posts");
    await expect(second).toContainText("20260102000000_posts");

    // "Fetch now" (operators and admins): nothing new, audited.
    await page.getByTestId("git-fetch-now").click();
    await expect(page.getByTestId("git-fetch-result")).toHaveText("Nothing new.");

    // No API response holds the token; only the creation's held the webhook secret.
    const responses = await Promise.all(
      ["/api/projects", `/api/projects/${projectId}/releases`, "/api/overview", "/api/audit?limit=200"].map(
        async (url) => {
          const response = await page.request.get(url);
          expect(response.status(), url).toBe(200);
          return response.text();
        },
      ),
    );
    for (const text of responses) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(secret);
    }
    const projects = JSON.parse(responses[0]) as { projects: Array<{ name: string; git: unknown }> };
    expect(projects.projects.find((p) => p.name === name)?.git).toMatchObject({
      repository: server.url(repo.name),
      refName: "main",
      authMethod: "https",
      lastFetch: { error: null },
    });
    const audit = responses[3];
    expect(audit).toContain("project_created");
    expect(audit).toContain("git_fetch_requested");
    // Every request that reached the repository carried the credentials.
    expect(server.requests.filter((r) => !r.authorized)).toEqual([]);
  } finally {
    await server.close();
  }
});
