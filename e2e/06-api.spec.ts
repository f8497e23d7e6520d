// The action and token routes as other tools call them: guards hold under concurrency, tokens carry roles.
import type { APIRequestContext } from "@playwright/test";
import { deployMigrations } from "../lib/migrations/engine";
import { readMigrationsFolder } from "../lib/migrations/folder";
import { RUNBOOK_FAILING, RUNBOOK_MIGRATIONS } from "../lib/testing/migrations-fixture";
import { expect, signIn, test } from "./fixtures";

async function registerFailingEnvironment(request: APIRequestContext, url: string, name: string): Promise<string> {
  await deployMigrations(url, await readMigrationsFolder(RUNBOOK_MIGRATIONS)).catch(() => {});
  const projects = (await (await request.get("/api/projects")).json()).projects as Array<{ id: string; name: string }>;
  const project = projects.find((p) => p.name.startsWith("Demo app"))!;
  const created = await request.post("/api/environments", { data: { projectId: project.id, name, databaseUrl: url } });
  expect(created.status()).toBe(201);
  return (await created.json()).id as string;
}

test("ten concurrent action requests: exactly one accepted, nine 409, all in the audit log", async ({
  page,
  targetDatabase,
}) => {
  const target = await targetDatabase();
  await signIn(page, "admin");
  const envId = await registerFailingEnvironment(page.request, target.url, `race-${Date.now().toString(36)}`);
  const status = await (await page.request.get(`/api/environments/${envId}/status`)).json();
  expect(status.blocked).toBe(true);

  // ?migrations=open (the environment page's read): the same summary and counts, only what needs attention.
  const open = await (await page.request.get(`/api/environments/${envId}/status?migrations=open`)).json();
  expect(open).toMatchObject({ counts: status.counts, pendingCount: status.pendingCount, blocked: true });
  type Row = { name: string; state: string };
  const needsAttention = (status.migrations as Row[]).filter((m) => !["applied", "applied_manually"].includes(m.state));
  expect((open.migrations as Row[]).map((m) => m.name)).toEqual(needsAttention.map((m) => m.name));
  expect((open.migrations as Row[]).find((m) => m.name === RUNBOOK_FAILING)?.state).toBe("failed");
  expect(open.migrations.length).toBeLessThan(status.migrations.length);
  expect((await page.request.get(`/api/environments/${envId}/status?migrations=some`)).status()).toBe(400);

  // The history's cursor: one it never gave out is 400 invalid_cursor, a malformed one 400 invalid_input.
  const forged = Buffer.from(JSON.stringify(["not a date", "x"])).toString("base64url");
  const badCursor = await page.request.get(`/api/environments/${envId}/history?before=${forged}`);
  expect(badCursor.status()).toBe(400);
  expect((await badCursor.json()).error.code).toBe("invalid_cursor");
  const malformed = await page.request.get(`/api/environments/${envId}/history?before=${encodeURIComponent("a b")}`);
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.code).toBe("invalid_input");

  const body = { kind: "resolve_rolled_back", migration: RUNBOOK_FAILING, expectedFingerprint: status.fingerprint };
  const responses = await Promise.all(
    Array.from({ length: 10 }, () => page.request.post(`/api/environments/${envId}/actions`, { data: body })),
  );
  const codes = responses.map((r) => r.status()).sort();
  expect(codes).toEqual([202, ...Array(9).fill(409)]);
  const refusal = await responses.find((r) => r.status() === 409)!.json();
  expect(refusal.error.code).toBe("environment_busy");

  const audit = await (await page.request.get(`/api/audit?environmentId=${envId}&limit=100`)).json();
  const events = audit.events as Array<{ event: string; outcome: string }>;
  expect(events.filter((e) => e.event === "request")).toHaveLength(1);
  expect(events.filter((e) => e.event === "refusal")).toHaveLength(9);

  // A stale fingerprint is refused too.
  const stale = await page.request.post(`/api/environments/${envId}/actions`, {
    data: { ...body, expectedFingerprint: "f".repeat(32) },
  });
  expect(stale.status()).toBe(409);
  expect((await stale.json()).error.code).toBe("stale_state");
});

test("API tokens: shown once, carry their role, stop working when revoked", async ({ page, playwright, e2e }) => {
  await signIn(page, "admin");
  const created = await page.request.post("/api/tokens", { data: { name: "ci", role: "viewer" } });
  expect(created.status()).toBe(201);
  const { token, id } = await created.json();
  expect(token).toMatch(/^rw_/);
  expect(await (await page.request.get("/api/tokens")).text()).not.toContain(token);

  const ci = await playwright.request.newContext({
    baseURL: e2e.baseURL,
    extraHTTPHeaders: { Authorization: `Bearer ${token}` },
  });
  expect((await ci.get("/api/overview")).status()).toBe(200);
  const envs = (await (await ci.get("/api/environments")).json()).environments as Array<{ id: string }>;
  const denied = await ci.post(`/api/environments/${envs[0].id}/actions`, {
    data: { kind: "deploy", expectedFingerprint: "x".repeat(32) },
  });
  expect(denied.status()).toBe(403);

  expect((await page.request.delete(`/api/tokens/${id}`)).status()).toBe(200);
  expect((await ci.get("/api/overview")).status()).toBe(401);
  await ci.dispose();
});
