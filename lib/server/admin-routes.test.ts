// The admin routes as scripts call them (Bearer tokens, real route handlers, real PostgreSQL): a token acts for
// its owner with at most the owner's current rights, and every admin change is audited with who, what,
// before → after, secrets redacted, and the client address Runway can vouch for.
import crypto from "node:crypto";
import { AsyncLocalStorage } from "node:async_hooks";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withDatabaseName } from "../migrations/database-url";
import { createOwnState, type OwnState } from "../testing/own-state";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { RUNBOOK_MIGRATIONS } from "../testing/migrations-fixture";
import { createApiToken } from "./api-tokens";
import { createUser } from "./users";

let state: OwnState;
let target: TestDatabase;
let admin: { id: string };
let adminToken: string;

const routes = {
  users: () => import("@/app/api/users/route"),
  user: () => import("@/app/api/users/[id]/route"),
  projects: () => import("@/app/api/projects/route"),
  bundles: () => import("@/app/api/projects/[id]/bundles/route"),
  environments: () => import("@/app/api/environments/route"),
  settings: () => import("@/app/api/settings/route"),
  overview: () => import("@/app/api/overview/route"),
};

type Handler = (request: Request, segment: { params: Promise<unknown> }) => Promise<Response>;

function call(
  handler: Handler,
  token: string,
  method: string,
  body?: unknown,
  params: object = {},
  headers: Record<string, string> = {},
) {
  const request = new Request("http://runway.test/api/x", {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return handler(request, { params: Promise.resolve(params) });
}

/** As scripts/serve.mjs runs each request: with the TCP peer in the AsyncLocalStorage. */
function fromPeer<T>(peer: string, run: () => Promise<T>): Promise<T> {
  const key = Symbol.for("runway.socketPeer");
  const storage = ((globalThis as Record<symbol, unknown>)[key] ??= new AsyncLocalStorage()) as AsyncLocalStorage<{
    peer: string;
  }>;
  return storage.run({ peer }, run);
}

/** The whole audit log as text, to look for what must never be in it. */
async function auditText(): Promise<string> {
  return JSON.stringify(await state.prisma.auditEvent.findMany(), (_key, value) =>
    typeof value === "bigint" ? String(value) : value,
  );
}

async function auditRows(event: string) {
  return state.prisma.auditEvent.findMany({ where: { event }, orderBy: { seq: "asc" } });
}

beforeAll(async () => {
  state = await createOwnState();
  target = await createTestDatabase(inject("adminUrl"), "rw_admin_target");
  Object.assign(process.env, {
    DATABASE_URL: state.database.url,
    RUNWAY_SECRET_KEY: state.secretKey.toString("base64"),
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64"),
    // The target database lives on the suite's server, which also holds Runway's own state database.
    RUNWAY_TARGET_OWN_SERVER: "allow",
  });
  delete process.env.RUNWAY_TRUSTED_PROXIES;
  admin = await createUser(state.prisma, { email: "root@test", password: "root-password-1", role: "admin" });
  await createUser(state.prisma, { email: "second@test", password: "second-password-1", role: "admin" });
  adminToken = (await createApiToken(state.prisma, { name: "admin-ci", role: "admin", expiresAt: null }, admin.id))
    .token;
});

afterAll(async () => {
  const { getPrisma } = await import("./db");
  await getPrisma().$disconnect();
  await target?.drop();
  await state?.close();
});

describe("API tokens act for their owner", () => {
  it("a demoted owner's admin token is limited to the owner's role; a disabled owner's token stops at once", async () => {
    const owner = await createUser(state.prisma, { email: "owner@test", password: "owner-password-1", role: "admin" });
    const { token } = await createApiToken(
      state.prisma,
      { name: "owner-admin", role: "admin", expiresAt: null },
      owner.id,
    );
    const { GET: listUsers } = await routes.users();
    const { GET: overview } = await routes.overview();
    const { PATCH: patchUser } = await routes.user();
    expect((await call(listUsers, token, "GET")).status).toBe(200);

    expect((await call(patchUser, adminToken, "PATCH", { role: "viewer" }, { id: owner.id })).status).toBe(200);
    const demoted = await call(listUsers, token, "GET");
    expect(demoted.status).toBe(403);
    expect((await demoted.json()).error.message).toContain("you are viewer");
    expect((await call(overview, token, "GET")).status).toBe(200);

    expect((await call(patchUser, adminToken, "PATCH", { disabled: true }, { id: owner.id })).status).toBe(200);
    expect((await call(overview, token, "GET")).status).toBe(401);
    expect((await call(listUsers, token, "GET")).status).toBe(401);
  });
});

describe("admin changes are audited", () => {
  it("users created, role changes and disabling: who, before → after, never the password", async () => {
    const { POST: createUserRoute } = await routes.users();
    const { PATCH: patchUser } = await routes.user();
    const created = await call(createUserRoute, adminToken, "POST", {
      email: "New.Person@example.com",
      password: "a-secret-password-42",
      role: "viewer",
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    expect((await call(patchUser, adminToken, "PATCH", { role: "operator" }, { id })).status).toBe(200);
    expect((await call(patchUser, adminToken, "PATCH", { disabled: true }, { id })).status).toBe(200);

    const [creation] = (await auditRows("user_created")).filter(
      (e) => (e.arguments as { userId: string }).userId === id,
    );
    expect(creation).toMatchObject({
      actor: expect.stringMatching(/^token:/),
      actorLabel: "token admin-ci",
      outcome: "accepted",
    });
    expect(creation.arguments).toMatchObject({
      before: null,
      after: { email: "new.person@example.com", role: "viewer", disabled: false },
    });
    const updates = (await auditRows("user_updated")).filter((e) => (e.arguments as { userId: string }).userId === id);
    expect(updates.map((e) => e.arguments)).toEqual([
      expect.objectContaining({
        before: expect.objectContaining({ role: "viewer" }),
        after: expect.objectContaining({ role: "operator" }),
      }),
      expect.objectContaining({
        before: expect.objectContaining({ disabled: false }),
        after: expect.objectContaining({ disabled: true }),
      }),
    ]);
    const everything = await auditText();
    expect(everything).not.toContain("a-secret-password-42");
    expect(everything).not.toContain("scrypt$");
  });

  it("projects, bundles, environments and settings: audited, the database password redacted", async () => {
    const { POST: createProject } = await routes.projects();
    const { POST: uploadBundle } = await routes.bundles();
    const { POST: createEnvironment } = await routes.environments();
    const { PATCH: patchSettings, GET: getSettings } = await routes.settings();
    const folder = await call(createProject, adminToken, "POST", {
      name: "folder-app",
      source: { kind: "folder", path: RUNBOOK_MIGRATIONS },
    });
    expect(folder.status).toBe(201);
    const files = {
      "20260101000000_init/migration.sql": "CREATE TABLE a (id int);",
      "migration_lock.toml": 'provider = "postgresql"\n',
    };
    const upload = await call(createProject, adminToken, "POST", {
      name: "upload-app",
      source: { kind: "upload", files },
    });
    expect(upload.status).toBe(201);
    const uploadProject = await upload.json();
    const second = await call(
      uploadBundle,
      adminToken,
      "POST",
      { files: { ...files, "20260102000000_b/migration.sql": "CREATE TABLE b (id int);" } },
      { id: uploadProject.id },
    );
    expect(second.status).toBe(201);
    // Each upload is a release at once, with its uploader named (the project's files are #1, the new version #2).
    expect((await second.json()).release).toEqual({ number: 2, created: true });
    const releases = await state.prisma.release.findMany({
      where: { projectId: uploadProject.id },
      orderBy: { number: "asc" },
    });
    expect(releases.map((r) => [r.number, r.origin, r.createdByLabel])).toEqual([
      [1, "upload", "token admin-ci"],
      [2, "upload", "token admin-ci"],
    ]);

    // A URL with a password in it (trust authentication ignores it; the embedded server's URL has a real one).
    const url = new URL(withDatabaseName(inject("adminUrl"), target.name));
    if (!url.password) url.password = "canary-Pa55word";
    const password = decodeURIComponent(url.password);
    const environment = await call(createEnvironment, adminToken, "POST", {
      projectId: (await folder.json()).id,
      name: "staging",
      databaseUrl: url.toString(),
    });
    expect(environment.status, await environment.clone().text()).toBe(201);

    expect((await (await call(getSettings, adminToken, "GET")).json()).settings).toEqual({ ssoEmailLinking: false });
    const patched = await call(patchSettings, adminToken, "PATCH", { ssoEmailLinking: true });
    expect((await patched.json()).settings).toEqual({ ssoEmailLinking: true });
    expect((await call(patchSettings, adminToken, "PATCH", { unknownSetting: 1 })).status).toBe(400);

    expect(
      (await auditRows("project_created")).map((e) => (e.arguments as { after: { name: string } }).after.name),
    ).toEqual(["folder-app", "upload-app"]);
    const [bundle] = await auditRows("bundle_uploaded");
    expect(bundle.arguments).toMatchObject({
      before: { version: 1, migrationCount: 1 },
      after: { version: 2, migrationCount: 2 },
    });
    const [env] = await auditRows("environment_created");
    expect(env).toMatchObject({ environmentName: "staging", actorLabel: "token admin-ci" });
    expect((env.arguments as { after: { urlDisplay: string } }).after.urlDisplay).toContain(target.name);
    const [setting] = await auditRows("settings_changed");
    expect(setting.arguments).toEqual({ before: { ssoEmailLinking: false }, after: { ssoEmailLinking: true } });
    expect(await auditText()).not.toContain(password);
  });

  it("records the socket peer, not a forged X-Forwarded-For; believes it only from RUNWAY_TRUSTED_PROXIES", async () => {
    const { PATCH: patchSettings } = await routes.settings();
    const forged = { "x-forwarded-for": "203.0.113.66", "x-real-ip": "203.0.113.67" };
    await fromPeer("::ffff:198.51.100.7", () =>
      call(patchSettings, adminToken, "PATCH", { ssoEmailLinking: false }, {}, forged),
    );
    process.env.RUNWAY_TRUSTED_PROXIES = "10.0.0.0/8";
    try {
      await fromPeer("10.1.2.3", () =>
        call(
          patchSettings,
          adminToken,
          "PATCH",
          { ssoEmailLinking: true },
          {},
          { "x-forwarded-for": "203.0.113.9, 10.9.9.9" },
        ),
      );
      // A client behind the proxy cannot pick its address by sending its own X-Forwarded-For first.
      await fromPeer("10.1.2.3", () =>
        call(
          patchSettings,
          adminToken,
          "PATCH",
          { ssoEmailLinking: false },
          {},
          { "x-forwarded-for": "1.1.1.1, 203.0.113.10" },
        ),
      );
    } finally {
      delete process.env.RUNWAY_TRUSTED_PROXIES;
    }
    const addresses = (await auditRows("settings_changed")).slice(-3).map((e) => e.clientAddress);
    expect(addresses).toEqual(["198.51.100.7", "203.0.113.9", "203.0.113.10"]);
  });
});
