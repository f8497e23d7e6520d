// Sign-in as an attacker would try it, against the built app: single sign-on through a real OpenID provider
// (e2e/oidc-provider.ts), password guessing, crafted callback URLs, a cookie kept after sign-out, and role changes.
import type { Browser, Page } from "@playwright/test";
import { E2E_USERS, expect, signIn, test } from "./fixtures";

/** Through "Continue with Single sign-on" and the provider's login and consent pages, back to Runway. */
async function signInWithSso(page: Page, login: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Continue with Single sign-on" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((url) => url.port === new URL(page.url()).port && !url.pathname.startsWith("/api/auth"));
}

async function freshPage(browser: Browser, baseURL: string): Promise<Page> {
  return (await browser.newContext({ baseURL })).newPage();
}

async function createUser(page: Page, role: "viewer" | "operator" | "admin") {
  const email = `u-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  const password = "right-password-123";
  const response = await page.request.post("/api/users", { data: { email, password, role } });
  expect(response.status()).toBe(201);
  return { ...(await response.json()), password } as { id: string; email: string; password: string };
}

test.describe("single sign-on", () => {
  test("an unverified email claim of the admin (lower or upper case) is refused, with the reason on the sign-in page", async ({
    browser,
    e2e,
  }) => {
    for (const login of ["attacker-lower", "attacker-upper"]) {
      const page = await freshPage(browser, e2e.baseURL);
      await signInWithSso(page, login);
      await expect(page).toHaveURL(/\/signin\?error=SsoEmailInUse/);
      await expect(page.getByText("A Runway account with this email already exists")).toBeVisible();
      expect((await page.request.get("/api/users")).status()).toBe(401);
      expect((await page.request.get("/api/overview")).status()).toBe(401);
      await page.context().close();
    }
  });

  test("the email only in userinfo (ID token has just sub): a new person signs in as a viewer", async ({
    browser,
    e2e,
  }) => {
    const page = await freshPage(browser, e2e.baseURL);
    await signInWithSso(page, "newcomer");
    await expect(page).not.toHaveURL(/\/signin/);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    expect((await page.request.get("/api/overview")).status()).toBe(200);
    expect((await page.request.get("/api/users")).status()).toBe(403);
    await page.context().close();
  });

  test("a verified email links to the existing account only after an admin allows linking", async ({
    browser,
    page,
    e2e,
  }) => {
    const operator = await freshPage(browser, e2e.baseURL);
    await signInWithSso(operator, "operator-at-idp");
    await expect(operator).toHaveURL(/\/signin\?error=SsoEmailInUse/);
    await operator.context().close();

    await signIn(page, "admin");
    await page.goto("/admin#sso-heading");
    const linking = page.getByRole("checkbox", { name: /Link single sign-on to existing accounts/ });
    await expect(linking).not.toBeChecked();
    // Controlled by the saved setting: it turns checked once the server has stored it.
    await linking.click();
    await expect(linking).toBeChecked();
    try {
      const linked = await freshPage(browser, e2e.baseURL);
      await signInWithSso(linked, "operator-at-idp");
      await expect(linked).not.toHaveURL(/\/signin/);
      // The operator's own account: the audit log (operators may read it) but not the users (admins only).
      expect((await linked.request.get("/api/audit")).status()).toBe(200);
      expect((await linked.request.get("/api/users")).status()).toBe(403);
      await linked.context().close();
    } finally {
      await page.request.patch("/api/settings", { data: { ssoEmailLinking: false } });
    }
    const audit = await (await page.request.get("/api/audit?limit=200")).json();
    const events = audit.events as Array<{ event: string; actorLabel: string | null }>;
    expect(events.some((e) => e.event === "sso_identity_linked" && e.actorLabel === E2E_USERS.operator.email)).toBe(
      true,
    );
    expect(events.filter((e) => e.event === "settings_changed").length).toBeGreaterThanOrEqual(2);
  });
});

test("150 wrong passwords: 429 with Retry-After from attempt 11, audited; the right password is told to wait", async ({
  page,
  playwright,
  e2e,
}) => {
  await signIn(page, "admin");
  const victim = await createUser(page, "viewer");
  // A forged X-Forwarded-For changes nothing: no proxy is trusted, the socket peer is recorded.
  const attacker = await playwright.request.newContext({
    baseURL: e2e.baseURL,
    extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.99" },
  });
  const { csrfToken } = await (await attacker.get("/api/auth/csrf")).json();
  const guess = (i: number) =>
    attacker.post("/api/auth/callback/credentials", {
      form: {
        email: i % 2 ? victim.email.toUpperCase() : victim.email,
        password: `guess-${i}`,
        csrfToken,
        json: "true",
      },
    });
  // One after the other up to the lockout; the rest at once (each refusal is answered after a 1 s pause).
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) statuses.push((await guess(i)).status());
  const rest = await Promise.all(Array.from({ length: 139 }, (_, i) => guess(11 + i)));
  statuses.push(...rest.map((r) => r.status()));
  const retryAfter = Number(rest[0].headers()["retry-after"]);
  await attacker.dispose();
  expect(statuses.indexOf(429)).toBe(10);
  expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
  expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
  expect(retryAfter).toBeGreaterThan(800);

  const audit = await (await page.request.get("/api/audit?event=signin_lockout&limit=50")).json();
  const lockouts = (audit.events as Array<{ clientAddress: string; arguments: { account: string } }>).filter(
    (e) => e.arguments.account === victim.email,
  );
  expect(lockouts.map((e) => e.clientAddress)).toEqual(["127.0.0.1"]);

  const owner = await page.context().browser()!.newPage({ baseURL: e2e.baseURL });
  await owner.goto("/signin");
  await owner.getByLabel("Email").fill(victim.email);
  await owner.getByLabel("Password").fill(victim.password);
  await owner.getByRole("button", { name: "Sign in" }).click();
  await expect(
    owner.getByText(/Too many sign-in attempts\. Sign-in is paused for this account; try again in 1[45] minutes/),
  ).toBeVisible();
  await expect(owner).toHaveURL(/\/signin/);
  await owner.close();
});

test("a crafted callbackUrl never leaves Runway's origin, signing in or already signed in", async ({
  browser,
  e2e,
}) => {
  const hostile = [
    "/%09/evil.example/x",
    "/%0A/evil.example",
    "//evil.example/x",
    "/%5C/evil.example",
    "/\\evil.example",
    "%2F%2Fevil.example",
    "https://evil.example/",
  ];
  for (const [i, callbackUrl] of hostile.entries()) {
    // A fresh browser each time (a session refresh still in flight could set the cookie again after clearing it).
    const page = await freshPage(browser, e2e.baseURL);
    await page.goto(
      `/signin?callbackUrl=${i % 2 ? callbackUrl : encodeURIComponent(callbackUrl)}`.replace(
        "callbackUrl=/\\",
        "callbackUrl=/%5C",
      ),
    );
    await page.getByLabel("Email").fill(E2E_USERS.viewer.email);
    await page.getByLabel("Password").fill(E2E_USERS.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
    expect([callbackUrl, new URL(page.url()).origin]).toEqual([callbackUrl, e2e.baseURL]);
    // Signed in now: the sign-in page sends us on at once — on our origin too.
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    expect([callbackUrl, new URL(page.url()).origin]).toEqual([callbackUrl, e2e.baseURL]);
    await page.context().close();
  }
});

test("sign-out ends the session on the server: a cookie saved before it no longer works", async ({
  page,
  browser,
  e2e,
}) => {
  await signIn(page, "operator");
  const saved = await page.context().cookies();
  expect((await page.request.get("/api/overview")).status()).toBe(200);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  const replay = await browser.newContext({ baseURL: e2e.baseURL });
  await replay.addCookies(saved);
  expect((await replay.request.get("/api/overview")).status()).toBe(401);
  const replayPage = await replay.newPage();
  await replayPage.goto("/audit");
  await expect(replayPage).toHaveURL(/\/signin\?callbackUrl=%2Faudit/);
  await replay.close();
});

test("a role change is confirmed in a dialog, ends the user's sessions, and is audited", async ({
  page,
  browser,
  e2e,
}) => {
  await signIn(page, "admin");
  const user = await createUser(page, "viewer");
  const theirs = await freshPage(browser, e2e.baseURL);
  await theirs.goto("/signin");
  await theirs.getByLabel("Email").fill(user.email);
  await theirs.getByLabel("Password").fill(user.password);
  await theirs.getByRole("button", { name: "Sign in" }).click();
  await expect(theirs).not.toHaveURL(/\/signin/);

  await page.goto("/admin#users-heading");
  const select = page.getByLabel(`Role of ${user.email}`);
  await select.selectOption("operator");
  const dialog = page.getByRole("dialog", { name: `Change the role of ${user.email}?` });
  await expect(dialog).toContainText("From Viewer to Operator");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(select).toHaveValue("viewer");
  const listed = async () =>
    ((await (await page.request.get("/api/users")).json()).users as Array<{ id: string; role: string }>).find(
      (u) => u.id === user.id,
    )!.role;
  expect(await listed()).toBe("viewer");

  await select.selectOption("operator");
  await page.getByRole("dialog").getByRole("button", { name: "Make operator" }).click();
  await expect(select).toHaveValue("operator");
  expect(await listed()).toBe("operator");
  expect((await theirs.request.get("/api/overview")).status()).toBe(401);
  await theirs.context().close();

  const audit = await (await page.request.get("/api/audit?event=user_updated&limit=50")).json();
  const change = (
    audit.events as Array<{
      actorLabel: string;
      arguments: { userId: string; before: { role: string }; after: { role: string } };
    }>
  ).find((e) => e.arguments.userId === user.id)!;
  expect(change).toMatchObject({
    actorLabel: E2E_USERS.admin.email,
    arguments: { before: { role: "viewer" }, after: { role: "operator" } },
  });
});
