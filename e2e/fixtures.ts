// Playwright fixtures: the shared state from global set-up, sign-in as a role, and throwaway target databases.
import fs from "node:fs";
import { test as base, expect, type Page } from "@playwright/test";
import { createTestDatabase, type TestDatabase } from "../lib/testing/test-database";
import { E2E_STATE_FILE, E2E_USERS, type E2eRole, type E2eState } from "./e2e-state";

function readState(): E2eState {
  return JSON.parse(fs.readFileSync(E2E_STATE_FILE, "utf8")) as E2eState;
}

export async function signIn(page: Page, role: E2eRole, callbackPath = "/") {
  const user = E2E_USERS[role];
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

export const test = base.extend<{ e2e: E2eState; targetDatabase: () => Promise<TestDatabase> }>({
  e2e: async ({}, use) => use(readState()),
  targetDatabase: async ({ e2e }, use) => {
    const made: TestDatabase[] = [];
    await use(async () => {
      const db = await createTestDatabase(e2e.adminUrl, "rw_e2e_target");
      made.push(db);
      return db;
    });
    for (const db of made) await db.drop();
  },
});

export { expect, E2E_USERS };
