// An admin registers an environment through the form; the database password never comes back.
import { expect, signIn, test } from "./fixtures";

test("register an environment: connection tested, password never shown or returned", async ({
  page,
  targetDatabase,
}) => {
  const target = await targetDatabase();
  await target.query(`CREATE ROLE e2e_app LOGIN PASSWORD 'Sup3r-Secret-Pw'`).catch(() => {});
  await target.query(`GRANT ALL ON DATABASE "${target.name}" TO e2e_app`);
  const secretUrl = target.url.replace(/\/\/[^@]*@/, "//e2e_app:Sup3r-Secret-Pw@");

  const bodies: string[] = [];
  page.on("response", async (response) => {
    if (response.url().includes("/api/")) bodies.push(await response.text().catch(() => ""));
  });

  await signIn(page, "admin", "/admin");
  const form = page.getByTestId("new-environment-form");
  await form.getByLabel(/project/i).selectOption({ label: "Demo app (runbook P3009)" });
  await form.getByLabel(/^name/i).fill("qa");
  await form.getByLabel(/database url/i).fill(secretUrl);
  await form.getByRole("button", { name: /test connection/i }).click();
  await expect(form.getByText(/PostgreSQL|server version/i).first()).toBeVisible();
  await form.getByRole("button", { name: /add environment|create|save/i }).click();
  await expect(page.getByText("qa").first()).toBeVisible();

  await page.goto("/");
  await expect(page.getByTestId("env-card-qa")).toBeVisible();
  await expect(page.getByTestId("env-card-qa").getByTestId("health-badge")).toContainText(/not managed/i);
  for (const html of [await page.content(), ...bodies]) expect(html).not.toContain("Sup3r-Secret-Pw");
  const listing = await page.request.get("/api/environments");
  expect(await listing.text()).not.toContain("Sup3r-Secret-Pw");
});

test("a wrong database URL is refused with a clear message and nothing is saved", async ({ page }) => {
  await signIn(page, "admin");
  const response = await page.request.post("/api/environments/test-connection", {
    data: { databaseUrl: "mysql://root@localhost/app" },
  });
  expect(response.status()).toBe(400);
  expect((await response.json()).error.message).toMatch(/postgresql:\/\//);
  const unreachable = await page.request.post("/api/environments/test-connection", {
    data: { databaseUrl: "postgresql://u:p@127.0.0.1:1/x", connectTimeoutMs: 500 },
  });
  expect(unreachable.status()).toBe(422);
  expect((await unreachable.json()).error.code).toBe("P1001");
});
