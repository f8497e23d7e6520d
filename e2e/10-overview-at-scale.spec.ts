// The overview at 1,000 migrations × 20 environments, in a real browser against the built app. The spec makes its
// own data: 20 real databases whose `_prisma_migrations` rows Prisma's engine wrote (lib/testing/overview-at-scale.ts,
// shared with the benchmarks) — migration 995 failed in one of them, one has no `_prisma_migrations` table — and a
// project with an uploaded bundle of the 1,000 migrations. Everything is removed afterwards.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import type { Page } from "@playwright/test";
import {
  createScaleTargets,
  generateMigrations,
  toMigrationFiles,
  type ScaleTargets,
} from "../lib/testing/overview-at-scale";
import { expectNoAxeViolations, expectNoSidewaysScroll } from "./axe";
import { E2E_STATE_FILE, type E2eState } from "./e2e-state";
import { expect, signIn, test } from "./fixtures";

const ENVIRONMENTS = 20;
const FAILED_ENV = 13;
const UNMANAGED_ENV = 19;
const migrations = generateMigrations(1000);
const FAILING = migrations[994].name;
const envName = (i: number) => `scale-${String(i).padStart(2, "0")}`;
const PHONE = { width: 390, height: 844 };
/** What "virtualised" means here: the whole overview (header, 20 cards, the matrix…) in at most this many elements. */
const DOM_BUDGET = 3000;

// Screenshots for review; UPDATE_SCREENSHOTS=1 writes them into docs/screenshots as 01-dashboard's are.
const SCREENSHOTS = path.resolve(
  import.meta.dirname,
  process.env.UPDATE_SCREENSHOTS === "1" ? "../docs/screenshots" : "../.runway/screenshots",
);
fs.mkdirSync(SCREENSHOTS, { recursive: true });

// 20 databases of 1,000 rows each, read every 2 s by the monitor: on a shared machine every step is slower.
test.describe.configure({ mode: "serial", timeout: 300_000 });

let targets: ScaleTargets | null = null;
let projectId: string | null = null;
const projectName = `scale-${crypto.randomBytes(3).toString("hex")}`;

// The set-up's state, read here because hooks that run once per file cannot use the per-test `e2e` fixture.
const e2e = JSON.parse(fs.readFileSync(E2E_STATE_FILE, "utf8")) as E2eState;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  targets = await createScaleTargets({
    serverUrl: e2e.adminUrl,
    prefix: `rw_e2e_scale_${crypto.randomBytes(3).toString("hex")}`,
    migrations,
    layout: {
      environments: ENVIRONMENTS,
      pendingCount: 10,
      failedEnvironment: FAILED_ENV,
      failingMigration: 995,
      unmanagedEnvironment: UNMANAGED_ENV,
    },
  });
  const page = await browser.newPage({ baseURL: e2e.baseURL });
  await signIn(page, "admin");
  const project = await page.request.post("/api/projects", {
    data: { name: projectName, source: { kind: "upload", files: toMigrationFiles(migrations) } },
  });
  expect(project.status()).toBe(201);
  projectId = ((await project.json()) as { id: string }).id;
  for (let i = 0; i < ENVIRONMENTS; i++) {
    const created = await page.request.post("/api/environments", {
      data: { projectId, name: envName(i), databaseUrl: targets.urls[i], position: i },
    });
    expect(created.status()).toBe(201);
    // The e2e server's monitor reads every environment every 2 s: 20 databases of 1,000 rows that often would
    // load the shared machine for nothing here (the overview reads them when it is asked).
    const id = ((await created.json()) as { id: string }).id;
    expect(
      (await page.request.put(`/api/environments/${id}/monitor`, { data: { intervalSeconds: 600 } })).status(),
    ).toBe(200);
  }
  // Every environment read at least once (none "not answered yet": the overview may show a last known state while
  // the next read runs, which is as good here).
  await expect
    .poll(
      async () => {
        const overview = (await (await page.request.get("/api/overview")).json()) as {
          projects: Array<{ id: string; environments: Array<{ health: string; error: { code: string } | null }> }>;
        };
        const mine = overview.projects.find((p) => p.id === projectId);
        return mine?.environments.map((e) => (e.error?.code === "RW_NO_ANSWER_YET" ? "not read yet" : e.health));
      },
      { timeout: 120_000 },
    )
    .toEqual([
      ...Array(FAILED_ENV).fill("up_to_date"),
      "blocked",
      ...Array(UNMANAGED_ENV - FAILED_ENV - 1).fill("up_to_date"),
      "not_managed",
    ]);
  await page.close();
});

test.afterAll(async ({ browser }) => {
  // Removed as an admin removes a project (typed name): the monitor stops reading its 20 databases, then they go.
  if (projectId) {
    const page = await browser.newPage({ baseURL: e2e.baseURL });
    await signIn(page, "admin");
    const removed = await page.request.delete(`/api/projects/${projectId}`, { data: { confirmation: projectName } });
    expect(removed.status(), await removed.text()).toBe(200);
    await page.close();
  }
  await targets?.drop();
});

function section(page: Page) {
  return page.getByRole("region", { name: projectName });
}

async function openOverview(page: Page, query = "") {
  await page.goto(`/${query}`);
  // The first answer reads 20 databases of 1,000 rows (when the monitor has not just read them).
  await expect(section(page).getByTestId(`env-card-${envName(FAILED_ENV)}`)).toBeVisible({ timeout: 60_000 });
}

async function elementCount(page: Page): Promise<number> {
  return page.evaluate(() => document.getElementsByTagName("*").length);
}

test("the failed migration deep in one environment is found with the filter, and the filter survives a reload", async ({
  page,
}) => {
  await signIn(page, "viewer");
  await openOverview(page);
  const grid = section(page).getByRole("grid");
  // 994 migrations are the same in every managed environment (the unmanaged one is left out): one folded run.
  await expect(grid.getByRole("button", { name: /994 migrations applied in every managed environment/ })).toBeVisible();
  await expect(section(page).getByText("1,000 migrations", { exact: true })).toBeVisible();
  await expect(section(page).getByRole("radio", { name: /Differing \(6\)/ })).toBeVisible();

  await section(page)
    .getByRole("radio", { name: /Failed or blocked/ })
    .check();
  await expect(page).toHaveURL(/[?&]show=failed/);
  await expect(section(page).getByText("6 of 1,000 migrations shown")).toBeVisible();
  const failedCell = grid.getByTestId(`matrix-cell-${envName(FAILED_ENV)}-${FAILING}`);
  await expect(failedCell).toHaveAttribute("data-state", "failed");
  await expect(grid.getByRole("row")).toHaveCount(7); // the header and 995–1000

  await page.reload();
  await expect(section(page).getByRole("radio", { name: /Failed or blocked/ })).toBeChecked();
  await expect(failedCell).toBeVisible();

  // A search narrows to one row; it is kept in the address too.
  await section(page).getByRole("searchbox", { name: "Search migrations" }).fill("t_0998");
  await expect(page).toHaveURL(/[?&]q=t_0998/);
  await expect(grid.getByRole("row")).toHaveCount(2);
  await expect(grid.getByTestId(`matrix-cell-${envName(FAILED_ENV)}-${migrations[997].name}`)).toHaveAttribute(
    "data-state",
    "pending",
  );
});

/** A GET with exactly these headers (no client-side decoding): the status, Content-Encoding and raw body. */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; encoding: string | undefined; vary: string; body: Buffer }>(
    (resolve, reject) => {
      http
        .get(url, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              encoding: res.headers["content-encoding"],
              vary: String(res.headers.vary ?? ""),
              body: Buffer.concat(chunks),
            }),
          );
          res.on("error", reject);
        })
        .on("error", reject);
    },
  );
}

test("the overview's JSON is compressed as the client accepts: br, else gzip, else plain", async ({ page }) => {
  await signIn(page, "viewer");
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const url = `${e2e.baseURL}/api/overview`;
  const plain = await rawGet(url, { cookie });
  const identity = await rawGet(url, { cookie, "accept-encoding": "identity" });
  const gzip = await rawGet(url, { cookie, "accept-encoding": "gzip, deflate" });
  const br = await rawGet(url, { cookie, "accept-encoding": "gzip, deflate, br" });
  expect([plain, identity, gzip, br].map((r) => [r.status, r.encoding])).toEqual([
    [200, undefined],
    [200, undefined],
    [200, "gzip"],
    [200, "br"],
  ]);
  expect(br.vary).toMatch(/accept-encoding/i);
  // The same overview in each (the project's matrix: names once, a state code per environment).
  const read = (body: Buffer) =>
    (JSON.parse(body.toString("utf8")) as { projects: Array<{ id: string; matrix: unknown }> }).projects.find(
      (p) => p.id === projectId,
    )?.matrix;
  // The budget: the whole overview (this 1,000 × 20 project and the few small ones beside it) ≤ 150 KiB uncompressed.
  expect(identity.body.length).toBeLessThanOrEqual(150 * 1024);
  const matrix = read(identity.body) as { names: string[]; states: string[] };
  expect(matrix.names).toHaveLength(1000);
  expect(matrix.states[994][FAILED_ENV]).toBe("f");
  expect(read(zlib.gunzipSync(gzip.body))).toEqual(matrix);
  expect(read(zlib.brotliDecompressSync(br.body))).toEqual(matrix);
});

test("unfolded, 1,000 rows stay virtual: few elements, aria-rowcount, jump to the first problem, keyboard moves", async ({
  page,
}) => {
  const prefetches: string[] = [];
  page.on("request", (request) => {
    if (request.headers()["next-router-prefetch"]) prefetches.push(new URL(request.url()).pathname);
  });
  await signIn(page, "viewer");
  await openOverview(page);
  const grid = section(page).getByRole("grid");
  await grid.getByRole("button", { name: /994 migrations applied/ }).click();
  await expect(grid).toHaveAttribute("aria-rowcount", "1002"); // the header, the run, 1,000 rows
  expect(await elementCount(page)).toBeLessThanOrEqual(DOM_BUDGET);

  // The failed row is now row 995 of 1,000, far below: the jump scrolls to it and focuses its failed cell.
  const failedLink = grid.getByRole("link", { name: `Failed: ${FAILING} in ${envName(FAILED_ENV)}` });
  await expect(failedLink).toHaveCount(0);
  await section(page).getByRole("button", { name: "Jump to first problem" }).click();
  await expect(failedLink).toBeFocused();
  await expect(failedLink).toBeInViewport();
  await expect(grid.getByRole("row", { name: new RegExp(FAILING) })).toHaveAttribute("aria-rowindex", "997");
  expect(await elementCount(page)).toBeLessThanOrEqual(DOM_BUDGET);

  // Arrows move within the grid: right to the next environment, down to the next migration (blocked there).
  await page.keyboard.press("ArrowRight");
  await expect(grid.getByRole("link", { name: `Applied: ${FAILING} in ${envName(FAILED_ENV + 1)}` })).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowDown");
  await expect(
    grid.getByRole("link", { name: `Pending: ${migrations[995].name} in ${envName(FAILED_ENV)}` }),
  ).toBeFocused();
  await page.keyboard.press("Control+Home");
  await expect(grid.getByRole("columnheader", { name: "Migration" })).toBeFocused();

  // Scrolling the 1,000 rows top to bottom prefetches nothing; resting the pointer on a link prefetches that one.
  await page.mouse.move(0, 0);
  prefetches.length = 0;
  await grid.evaluate(async (element) => {
    for (let top = 0; top < element.scrollHeight; top += element.clientHeight) {
      element.scrollTop = top;
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    }
  });
  await expect(grid.getByRole("row", { name: new RegExp(migrations[999].name) })).toHaveAttribute(
    "aria-rowindex",
    "1002",
  );
  expect(await elementCount(page)).toBeLessThanOrEqual(DOM_BUDGET);
  const last = grid.getByRole("link", { name: `Pending: ${migrations[999].name} in ${envName(FAILED_ENV)}` });
  const lastHref = await last.getAttribute("href");
  const hovered = page.waitForRequest(
    (r) => Boolean(r.headers()["next-router-prefetch"]) && new URL(r.url()).pathname === lastHref,
  );
  await last.hover();
  await hovered;
  expect(prefetches).toEqual([lastHref]);

  // At the bottom and scrolled to the last environment, the header and the migration column stay in view.
  await grid.evaluate((element) => {
    element.scrollLeft = element.scrollWidth;
  });
  expect(await grid.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
  await expect(grid.getByRole("columnheader", { name: "Migration" })).toBeInViewport();
  await expect(grid.getByRole("rowheader", { name: new RegExp(migrations[999].name) })).toBeInViewport();
});

test("axe finds nothing on the overview at 1,000 × 20", async ({ page }) => {
  await signIn(page, "viewer");
  await openOverview(page);
  const grid = section(page).getByRole("grid");
  await expect(grid.getByRole("button", { name: /994 migrations applied/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await grid.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, "overview-at-scale.png") });
});

test("at 390 px each environment is a list item, the page does not scroll sideways, and axe finds nothing", async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  await signIn(page, "viewer");
  await openOverview(page, "?show=failed");
  const list = section(page).getByRole("list", { name: `${projectName}: migrations by environment` });
  // The failed migration's item names the environment it failed in (a link to it there).
  const failedItem = list.getByRole("listitem").filter({ hasText: FAILING });
  await expect(failedItem.getByRole("link", { name: envName(FAILED_ENV) })).toBeVisible();
  await expect(
    section(page)
      .getByRole("list", { name: `${projectName}: environments` })
      .locator(":scope > li"),
  ).toHaveCount(ENVIRONMENTS);
  await expect(section(page).getByRole("grid")).toHaveCount(0);
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
  await list.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, "overview-phone.png") });

  // The jump works in the list too.
  await section(page).getByRole("radio", { name: /^All/ }).check();
  await section(page).getByRole("button", { name: "Jump to first problem" }).click();
  await expect(failedItem.getByRole("link", { name: envName(FAILED_ENV) })).toBeFocused();
});

test("the audit and activity pages fit a 390 px phone; the audit filters fold behind a button", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await signIn(page, "operator", "/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const filters = page.getByRole("button", { name: /^Filters/ });
  await expect(filters).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByLabel("Actor")).toBeHidden();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, "audit-phone.png") });
  await filters.click();
  await expect(page.getByLabel("Actor")).toBeVisible();
  await expectNoSidewaysScroll(page);

  await page.goto("/activity");
  await expect(page.getByRole("heading", { name: "Activity" })).toBeVisible();
  await expect(page.getByTestId("event-list").or(page.getByTestId("no-events"))).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, "activity-phone.png") });
});

test("axe finds nothing on the other screens with this project, at 1280 px and at 390 px", async ({ page }) => {
  // Admin (20 more environments in its table), the project's releases (one of 1,000 migrations), the audit log and
  // the activity feed (the set-up's 40 entries), and the sign-in page; each wide and on a phone.
  test.setTimeout(300_000);
  const screens: Array<{ path: string; ready: (page: Page) => Promise<void> }> = [
    {
      path: "/admin",
      ready: (p) =>
        expect(
          p.locator(`[data-testid="environment-row"][data-environment-name="${envName(FAILED_ENV)}"]`),
        ).toBeVisible(),
    },
    {
      path: `/projects/${projectId}/releases`,
      ready: (p) => expect(p.getByText("1,000 migrations").first()).toBeVisible(),
    },
    { path: "/audit", ready: (p) => expect(p.getByTestId("audit-table")).toBeVisible() },
    {
      path: "/activity",
      ready: (p) => expect(p.getByTestId("event-list").or(p.getByTestId("no-events"))).toBeVisible(),
    },
  ];
  await signIn(page, "admin");
  for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
    await page.setViewportSize(viewport);
    for (const screen of screens) {
      await page.goto(screen.path);
      await screen.ready(page);
      await expectNoSidewaysScroll(page);
      await expectNoAxeViolations(page);
    }
  }
  // Signed out: the sign-in page, wide and on a phone.
  await page.context().clearCookies();
  for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
    await page.setViewportSize(viewport);
    await page.goto("/signin");
    await expect(page.getByLabel("Password")).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
  }
});
