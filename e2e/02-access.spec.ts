// Every page and route checks the session and the role on the server.
import { expect, signIn, test } from "./fixtures";

const MUTATIONS: Array<[string, string, object]> = [
  ["POST", "/api/projects", { name: "x", source: { kind: "folder", path: "/tmp" } }],
  [
    "POST",
    "/api/environments",
    { projectId: "00000000-0000-4000-8000-000000000000", name: "x", databaseUrl: "postgresql://a@b/c" },
  ],
  ["POST", "/api/environments/test-connection", { databaseUrl: "postgresql://a@b/c" }],
  ["POST", "/api/users", { email: "x@y.z", password: "0123456789", role: "admin" }],
  ["PATCH", "/api/users/00000000-0000-4000-8000-000000000000", { role: "admin" }],
  ["POST", "/api/projects/00000000-0000-4000-8000-000000000000/bundles", { files: {} }],
  ["POST", "/api/tokens", { name: "x", role: "admin" }],
  ["DELETE", "/api/tokens/00000000-0000-4000-8000-000000000000", {}],
  [
    "POST",
    "/api/environments/00000000-0000-4000-8000-000000000000/actions",
    { kind: "deploy", expectedFingerprint: "x".repeat(32) },
  ],
  ["POST", "/api/actions/00000000-0000-4000-8000-000000000000/approve", {}],
  ["POST", "/api/actions/00000000-0000-4000-8000-000000000000/reject", {}],
];
/** Mutations an operator may make: a viewer still gets 403 on them. */
const OPERATOR_MUTATIONS = new Set([
  "/api/environments/00000000-0000-4000-8000-000000000000/actions",
  "/api/actions/00000000-0000-4000-8000-000000000000/approve",
  "/api/actions/00000000-0000-4000-8000-000000000000/reject",
]);

test("signed out: pages redirect to sign-in, routes answer 401", async ({ page, request }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin/);
  for (const path of ["/api/overview", "/api/environments", "/api/users"]) {
    expect((await request.get(path)).status(), path).toBe(401);
  }
  for (const [method, path, body] of MUTATIONS) {
    expect((await request.fetch(path, { method, data: body })).status(), `${method} ${path}`).toBe(401);
  }
});

test("a viewer reads but cannot reach admin pages or routes (403)", async ({ page }) => {
  await signIn(page, "viewer");
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByText(/not allowed/i)).toBeVisible();
  expect((await page.request.get("/api/overview")).status()).toBe(200);
  expect((await page.request.get("/api/users")).status()).toBe(403);
  for (const [method, path, body] of MUTATIONS) {
    expect((await page.request.fetch(path, { method, data: body })).status(), `${method} ${path}`).toBe(403);
  }
});

test("an operator is not an admin either", async ({ page }) => {
  await signIn(page, "operator");
  expect((await page.goto("/admin"))?.status()).toBe(403);
  for (const [method, path, body] of MUTATIONS.filter(([, path]) => !OPERATOR_MUTATIONS.has(path))) {
    expect((await page.request.fetch(path, { method, data: body })).status(), `${method} ${path}`).toBe(403);
  }
  expect((await page.request.get("/api/audit")).status()).toBe(200);
});

test("a viewer cannot read the audit log", async ({ page }) => {
  await signIn(page, "viewer");
  expect((await page.request.get("/api/audit")).status()).toBe(403);
  expect((await page.goto("/audit"))?.status()).toBe(403);
});

test("a cross-site write is refused even with an admin session, and nothing is written", async ({ page }) => {
  await signIn(page, "admin");
  const response = await page.request.post("/api/users", {
    data: { email: "evil@x.y", password: "0123456789", role: "admin" },
    headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
  });
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe("cross_site");
  const users = await (await page.request.get("/api/users")).json();
  expect(JSON.stringify(users)).not.toContain("evil@x.y");
});

test("wrong credentials are refused with a message", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("viewer@e2e.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/wrong email or password/i)).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});
