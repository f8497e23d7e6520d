// Releases from CI, end to end against the running dashboard: the `runway` CLI (the package's bin) pushes with a
// release token, is refused for another project, and `runway status` exits with the code of each state: 0 up to
// date (also with an acknowledged edit), 10 pending, 11 blocked, 12 diverged or drifted, 13 unreachable.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { deployMigrations } from "../lib/migrations/engine";
import { readMigrationsFolder } from "../lib/migrations/folder";
import { RUNBOOK_MIGRATIONS } from "../lib/testing/migrations-fixture";
import { expect, signIn, test } from "./fixtures";

const CLI = path.resolve(import.meta.dirname, "../bin/runway.mjs");

/** Runs a copy of the CLI (this checkout's unless `script` names another) with `node`, from `cwd`. */
function runCli(
  args: string[],
  env: Record<string, string>,
  { script = CLI, cwd }: { script?: string; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A copy of the runbook's migrations up to (not including) `upTo`, or all of them. */
function copyMigrations(upTo: string | null): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runway-e2e-release-"));
  for (const entry of fs.readdirSync(RUNBOOK_MIGRATIONS)) {
    if (upTo && entry >= upTo && entry !== "migration_lock.toml") continue;
    fs.cpSync(path.join(RUNBOOK_MIGRATIONS, entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }))
    if (entry.isDirectory())
      files[`${entry.name}/migration.sql`] = fs.readFileSync(path.join(dir, entry.name, "migration.sql"), "utf8");
  return files;
}

test("runway push with a release token, refused for another project; runway status exits per state", async ({
  page,
  playwright,
  e2e,
  targetDatabase,
}) => {
  test.setTimeout(180_000);
  const suffix = Date.now().toString(36);
  const firstDir = copyMigrations("20260115000006_add_meta_oauth_metadata");
  const allDir = copyMigrations(null);
  await signIn(page, "admin");
  const createProject = async (name: string) => {
    const response = await page.request.post("/api/projects", {
      data: { name, source: { kind: "upload", files: filesOf(firstDir) } },
    });
    expect(response.status()).toBe(201);
    return (await response.json()) as { id: string; name: string };
  };
  const api = await createProject(`api-${suffix}`);
  const web = await createProject(`web-${suffix}`);
  const releaseToken = await page.request.post("/api/tokens", {
    data: { name: `ci-${suffix}`, role: "release", projectIds: [api.id] },
  });
  expect(releaseToken.status()).toBe(201);
  const release = (await releaseToken.json()) as { token: string; role: string; projectIds: string[] };
  expect(release).toMatchObject({ role: "release", projectIds: [api.id] });
  const viewer = (await (
    await page.request.post("/api/tokens", { data: { name: `status-${suffix}`, role: "viewer" } })
  ).json()) as { token: string };
  const asRelease = { RUNWAY_URL: e2e.baseURL, RUNWAY_TOKEN: release.token };
  const asViewer = { RUNWAY_URL: e2e.baseURL, RUNWAY_TOKEN: viewer.token };

  const pushed = await runCli(
    ["push", "--project", api.name, "--dir", firstDir, "--commit", "abc1234def0", "--branch", "main"],
    asRelease,
  );
  expect(pushed, pushed.stderr).toMatchObject({ code: 0 });
  expect(pushed.stdout).toContain("abc1234");

  const refused = await runCli(
    ["push", "--project", web.name, "--dir", firstDir, "--commit", "abc1234def0"],
    asRelease,
  );
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain(`may not push releases of ${web.name}`);
  expect(
    (await (await page.request.get(`/api/projects/${web.id}/releases`)).json()).releases.filter(
      (r: { origin: string }) => r.origin === "push",
    ),
  ).toEqual([]);

  // A release token reads nothing else.
  const ci = await playwright.request.newContext({
    baseURL: e2e.baseURL,
    extraHTTPHeaders: { Authorization: `Bearer ${release.token}` },
  });
  expect((await ci.get("/api/overview")).status()).toBe(403);
  await ci.dispose();

  const target = await targetDatabase();
  const envName = `prod-${suffix}`;
  const created = await page.request.post("/api/environments", {
    data: { projectId: api.id, name: envName, databaseUrl: target.url },
  });
  expect(created.status()).toBe(201);
  const envId = ((await created.json()) as { id: string }).id;
  const status = () => runCli(["status", "--env", envName, "--project", api.name, "--json"], asViewer);

  // Nothing applied yet: pending.
  await expect.poll(async () => (await status()).code, { timeout: 30_000 }).toBe(10);
  // Every migration of the release applied: up to date, at that release.
  await deployMigrations(target.url, await readMigrationsFolder(firstDir));
  await expect.poll(async () => (await status()).code, { timeout: 30_000 }).toBe(0);
  const upToDate = JSON.parse((await status()).stdout);
  expect(upToDate).toMatchObject({
    health: "up_to_date",
    exitCode: 0,
    release: { at: { label: "abc1234" }, behind: 0 },
  });

  // A release that edits the applied migration: diverged (12) until someone acknowledges the edit; then up to date.
  const editedDir = copyMigrations("20260115000006_add_meta_oauth_metadata");
  fs.appendFileSync(path.join(editedDir, "20260110000000_init", "migration.sql"), "-- reviewed\n");
  expect(
    (await runCli(["push", "--project", api.name, "--dir", editedDir, "--commit", "edd1ed0000"], asRelease)).code,
  ).toBe(0);
  await expect.poll(async () => (await status()).code, { timeout: 30_000 }).toBe(12);
  expect(JSON.parse((await status()).stdout)).toMatchObject({ health: "diverged", exitCode: 12 });
  const edited = (await (await page.request.get(`/api/environments/${envId}/status`)).json()) as {
    migrations: Array<{ name: string; state: string; appliedChecksum: string; localChecksum: string }>;
  };
  const init = edited.migrations.find((m) => m.name === "20260110000000_init")!;
  expect(init.state).toBe("modified");
  const acknowledged = await page.request.post(`/api/environments/${envId}/acknowledgements`, {
    data: {
      edits: [{ migration: init.name, appliedChecksum: init.appliedChecksum, fileChecksum: init.localChecksum }],
      reason: "comment only",
    },
  });
  expect(acknowledged.status()).toBe(201);
  await expect.poll(async () => (await status()).code, { timeout: 30_000 }).toBe(0);
  expect(JSON.parse((await status()).stdout)).toMatchObject({
    health: "up_to_date",
    release: { at: { label: "edd1ed0" }, behind: 0 },
  });

  // A hand-made table the migrations do not build: drifted, once the drift check ran.
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  await client.query('CREATE TABLE "HandMade" (id int)');
  await client.end();
  expect((await page.request.post(`/api/environments/${envId}/drift`)).status()).toBe(202);
  await expect.poll(async () => (await status()).code, { timeout: 60_000 }).toBe(12);

  // The next release (the runbook's failing migration) deployed: blocked, one release behind.
  expect(
    (await runCli(["push", "--project", api.name, "--dir", allDir, "--commit", "def5678aaa"], asRelease)).code,
  ).toBe(0);
  await deployMigrations(target.url, await readMigrationsFolder(allDir)).catch(() => {});
  await expect.poll(async () => (await status()).code, { timeout: 30_000 }).toBe(11);
  expect(JSON.parse((await status()).stdout)).toMatchObject({
    health: "blocked",
    release: { at: { label: "edd1ed0" }, latest: { label: "def5678" }, behind: 1 },
  });
  const releases = (await (await page.request.get(`/api/projects/${api.id}/releases`)).json()).releases as Array<{
    label: string;
    added: string[];
  }>;
  expect(releases[0]).toMatchObject({
    label: "def5678",
    added: ["20260115000006_add_meta_oauth_metadata", "20260120000000_add_message_reactions"],
  });
  // The same in the UI: the card and the environment page say where it is; the marker leads to the releases page.
  await page.goto("/");
  await expect(page.getByTestId(`env-card-${envName}`).getByTestId("release-marker")).toHaveText(
    "at release edd1ed0, 1 behind def5678",
  );
  await page.goto(`/environments/${envId}`);
  const marker = page.getByTestId("release-marker");
  await expect(marker).toHaveText("at release edd1ed0, 1 behind def5678");
  await marker.click();
  await expect(page).toHaveURL(new RegExp(`/projects/${api.id}/releases`));
  await expect(page.getByText("20260120000000_add_message_reactions").first()).toBeVisible();

  // A database that is gone: unreachable.
  const admin = new pg.Client({ connectionString: e2e.adminUrl });
  await admin.connect();
  const gone = `rw_e2e_gone_${suffix}`;
  await admin.query(`CREATE DATABASE "${gone}"`);
  const goneUrl = new URL(e2e.adminUrl);
  goneUrl.pathname = `/${gone}`;
  const goneEnv = await page.request.post("/api/environments", {
    data: { projectId: api.id, name: `gone-${suffix}`, databaseUrl: goneUrl.toString() },
  });
  expect(goneEnv.status()).toBe(201);
  await admin.query(`DROP DATABASE "${gone}" WITH (FORCE)`);
  await admin.end();
  await expect
    .poll(async () => (await runCli(["status", "--env", `gone-${suffix}`, "--json"], asViewer)).code, {
      timeout: 30_000,
    })
    .toBe(13);

  // Runway itself unreachable: its own code (14), apart from an environment's database that is (13).
  const down = await runCli(["status", "--env", envName], {
    RUNWAY_URL: "http://127.0.0.1:9",
    RUNWAY_TOKEN: viewer.token,
  });
  expect(down.code).toBe(14);
  expect(down.stderr).toContain("Cannot reach Runway at http://127.0.0.1:9");
});

test("the CLI Runway serves (GET /api/cli) is the package's bin, runs outside this checkout, and needs a token", async ({
  page,
  playwright,
  e2e,
}) => {
  const suffix = Date.now().toString(36);
  await signIn(page, "admin");
  const dir = copyMigrations("20260115000006_add_meta_oauth_metadata");
  const created = await page.request.post("/api/projects", {
    data: { name: `served-${suffix}`, source: { kind: "upload", files: filesOf(dir) } },
  });
  const project = (await created.json()) as { id: string; name: string };
  const token = (await (
    await page.request.post("/api/tokens", {
      data: { name: `served-${suffix}`, role: "release", projectIds: [project.id] },
    })
  ).json()) as { token: string };

  const anonymous = await playwright.request.newContext({ baseURL: e2e.baseURL });
  expect((await anonymous.get("/api/cli")).status()).toBe(401);
  await anonymous.dispose();
  const ci = await playwright.request.newContext({
    baseURL: e2e.baseURL,
    extraHTTPHeaders: { Authorization: `Bearer ${token.token}` },
  });
  const served = await ci.get("/api/cli");
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toContain("text/javascript");
  const script = await served.text();
  expect(script).toBe(fs.readFileSync(CLI, "utf8"));
  await ci.dispose();

  // Run from a folder of its own (no node_modules, no package.json): it pushes with the release token.
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "runway-e2e-served-cli-"));
  fs.writeFileSync(path.join(elsewhere, "runway.mjs"), script);
  const pushed = await runCli(
    ["push", "--project", project.name, "--dir", dir, "--commit", "5e7ed00000"],
    { RUNWAY_URL: e2e.baseURL, RUNWAY_TOKEN: token.token },
    { script: "runway.mjs", cwd: elsewhere },
  );
  expect(pushed, pushed.stderr).toMatchObject({ code: 0 });
  // #1 is the upload the project was created with, recorded at once with its uploader; the CLI also sends
  // migration_lock.toml, so its push is a new release.
  expect(pushed.stdout).toContain(`Release 5e7ed00 (#2) of ${project.name}: 3 migrations, adds 0, changes 0.`);
  const releases = (await (await page.request.get(`/api/projects/${project.id}/releases`)).json()) as {
    releases: Array<{ number: number; origin: string; createdByLabel: string | null }>;
  };
  expect(releases.releases.map((r) => [r.number, r.origin, r.createdByLabel])).toEqual([
    [2, "push", `token served-${suffix}`],
    [1, "upload", "admin@e2e.test"],
  ]);
  fs.rmSync(elsewhere, { recursive: true, force: true });
  expect(
    (await page.request.delete(`/api/projects/${project.id}`, { data: { confirmation: project.name } })).status(),
  ).toBeLessThan(300);
});
