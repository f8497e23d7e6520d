// The edit, reorder and remove routes as scripts call them (real route handlers, a Bearer token, real PostgreSQL):
// status codes a client can act on, the process's caches dropped so the next read shows the change, and every
// change audited before → after without the password — the monitor interval included.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { createOwnState, type OwnState } from "../testing/own-state";
import { createTestDatabase, withTestPassword, type TestDatabase } from "../testing/test-database";
import { waitFor } from "../testing/wait-for";
import { createApiToken } from "./api-tokens";
import { createUser } from "./users";

let state: OwnState;
let targets: TestDatabase[] = [];
let token: string;
let dir: string;

const routes = {
  projects: () => import("@/app/api/projects/route"),
  project: () => import("@/app/api/projects/[id]/route"),
  order: () => import("@/app/api/projects/[id]/environment-order/route"),
  environments: () => import("@/app/api/environments/route"),
  environment: () => import("@/app/api/environments/[id]/route"),
  status: () => import("@/app/api/environments/[id]/status/route"),
  monitor: () => import("@/app/api/environments/[id]/monitor/route"),
  drift: () => import("@/app/api/environments/[id]/drift/route"),
};

type Handler = (request: Request, segment: { params: Promise<unknown> }) => Promise<Response>;

function call(handler: Handler, method: string, body?: unknown, params: object = {}) {
  const request = new Request("http://runway.test/api/x", {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return handler(request, { params: Promise.resolve(params) });
}

async function json(response: Response, status: number) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text);
}

beforeAll(async () => {
  state = await createOwnState();
  dir = writeMigrationsFolder({
    "20260101000000_base": 'CREATE TABLE "Base" (id int PRIMARY KEY);',
    "20260102000000_more": 'CREATE TABLE "More" (id int PRIMARY KEY);',
  });
  const folder = await readMigrationsFolder(dir);
  for (const applied of [1, 2]) {
    const db = await createTestDatabase(inject("adminUrl"), "rw_route_target");
    await deployMigrations(db.url, { ...folder, migrations: folder.migrations.slice(0, applied) });
    targets.push(db);
  }
  Object.assign(process.env, {
    DATABASE_URL: state.database.url,
    RUNWAY_SECRET_KEY: state.secretKey.toString("base64"),
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64"),
    RUNWAY_TARGET_OWN_SERVER: "allow",
    RUNWAY_SOURCE_ROOTS: dir,
    // The drift check a rotation starts runs its shadow databases on the suite's server.
    RUNWAY_SHADOW_DATABASE_URL: inject("adminUrl"),
  });
  const admin = await createUser(state.prisma, { email: "root@test", password: "root-password-1", role: "admin" });
  token = (await createApiToken(state.prisma, { name: "admin-ci", role: "admin", expiresAt: null }, admin.id)).token;
});

afterAll(async () => {
  const { getShadowServer } = await import("./schema-runtime");
  await (await getShadowServer()).stop();
  const { getPrisma } = await import("./db");
  await getPrisma().$disconnect();
  for (const db of targets) await db.drop();
  targets = [];
  await state?.close();
});

describe("editing and removing through the routes", { timeout: 120_000 }, () => {
  it("edits, rotates, reorders and removes, each answered plainly and audited without the password", async () => {
    const [behind, current] = targets;
    const { POST: createProject } = await routes.projects();
    const { PATCH: patchProject, DELETE: deleteProject } = await routes.project();
    const { PUT: putOrder } = await routes.order();
    const { POST: createEnvironment } = await routes.environments();
    const { PATCH: patchEnvironment, DELETE: deleteEnvironment } = await routes.environment();
    const { GET: getStatus } = await routes.status();
    const { PUT: putMonitor } = await routes.monitor();
    const { GET: getDrift } = await routes.drift();

    const oldUrl = withTestPassword(behind.url, "Route-Old-Pw-1");
    const newUrl = withTestPassword(current.url, "Route-New-Pw-2");
    const project = await json(
      await call(createProject, "POST", { name: "shop", source: { kind: "folder", path: dir } }),
      201,
    );
    await json(await call(createProject, "POST", { name: "blog", source: { kind: "folder", path: dir } }), 201);
    const env = await json(
      await call(createEnvironment, "POST", {
        projectId: project.id,
        name: "staging",
        databaseUrl: oldUrl.url,
      }),
      201,
    );
    const dev = await json(
      await call(createEnvironment, "POST", { projectId: project.id, name: "dev", databaseUrl: current.url }),
      201,
    );
    const id = { id: env.id };
    expect(await json(await call(getStatus, "GET", undefined, id), 200)).toMatchObject({ pendingCount: 1 });

    // Bad input: 400 with the field; an unreachable URL: 422, nothing saved.
    const unknown = await json(await call(patchEnvironment, "PATCH", { nmae: "x" }, id), 400);
    expect(unknown.error.code).toBe("invalid_input");
    const unreachable = await json(
      await call(
        patchEnvironment,
        "PATCH",
        { databaseUrl: "postgresql://u:Route-Bad-Pw@127.0.0.1:1/x", connectTimeoutMs: 500 },
        id,
      ),
      422,
    );
    expect(unreachable.error).toMatchObject({ code: "P1001", message: expect.stringMatching(/nothing was saved/) });
    expect(await json(await call(patchEnvironment, "PATCH", { name: "dev" }, id), 409)).toMatchObject({
      error: { code: "environment_exists" },
    });

    // Rotated and renamed: the very next status read (the status cache lives 5 s) is the other database's.
    const rotated = await json(
      await call(patchEnvironment, "PATCH", { databaseUrl: newUrl.url, name: "staging-eu" }, id),
      200,
    );
    expect(rotated).toMatchObject({ name: "staging-eu", urlDisplay: expect.stringContaining(current.name) });
    expect(JSON.stringify(rotated)).not.toContain(newUrl.password);
    expect(await json(await call(getStatus, "GET", undefined, id), 200)).toMatchObject({
      environment: { name: "staging-eu" },
      health: "up_to_date",
      pendingCount: 0,
    });
    // The drift check it started is for the new database.
    const drift = await waitFor("the drift check after the rotation", async () => {
      const view = await json(await call(getDrift, "GET", undefined, id), 200);
      return view.status === "done" && view;
    });
    expect(drift).toMatchObject({ current: true, drifted: false });

    expect(await json(await call(putMonitor, "PUT", { intervalSeconds: 30 }, id), 200)).toMatchObject({
      intervalSeconds: 30,
    });
    expect(
      await json(await call(putOrder, "PUT", { environmentIds: [dev.id, env.id] }, { id: project.id }), 200),
    ).toMatchObject({
      environments: [
        { name: "dev", position: 0 },
        { name: "staging-eu", position: 1 },
      ],
    });
    await json(await call(putOrder, "PUT", { environmentIds: [env.id] }, { id: project.id }), 409);

    // Removal: the name typed, in the body.
    expect((await json(await call(deleteEnvironment, "DELETE", {}, id), 400)).error.code).toBe("invalid_input");
    expect((await json(await call(deleteEnvironment, "DELETE", { confirmation: "staging" }, id), 400)).error.code).toBe(
      "confirmation_required",
    );
    expect(await json(await call(deleteEnvironment, "DELETE", { confirmation: "staging-eu" }, id), 200)).toEqual({
      removed: true,
      id: env.id,
      name: "staging-eu",
    });
    expect((await json(await call(getStatus, "GET", undefined, id), 404)).error.code).toBe("environment_not_found");
    await json(await call(patchEnvironment, "PATCH", { name: "again" }, id), 404);

    // Projects: renamed (409 on a taken name), then removed with what is left of it.
    const pid = { id: project.id };
    expect((await json(await call(patchProject, "PATCH", { name: "blog" }, pid), 409)).error.code).toBe(
      "project_exists",
    );
    expect(await json(await call(patchProject, "PATCH", { name: "store" }, pid), 200)).toMatchObject({
      name: "store",
      environmentCount: 1,
    });
    expect(
      (await json(await call(patchProject, "PATCH", { source: { kind: "folder", path: "/etc" } }, pid), 400)).error
        .code,
    ).toBe("folder_outside_roots");
    expect(await json(await call(deleteProject, "DELETE", { confirmation: "store" }, pid), 200)).toEqual({
      removed: true,
      id: project.id,
      name: "store",
      environments: ["dev"],
    });

    const events = await state.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(events.map((e) => e.event)).toEqual([
      "project_created",
      "project_created",
      "environment_created",
      "environment_created",
      "environment_updated",
      "monitor_interval_set",
      "environments_reordered",
      "environment_removed",
      "project_updated",
      "environment_removed",
      "project_removed",
    ]);
    expect(events.find((e) => e.event === "monitor_interval_set")?.arguments).toEqual({
      before: { intervalSeconds: 60 },
      after: { intervalSeconds: 30 },
    });
    expect(events.every((e) => e.actorLabel === "token admin-ci")).toBe(true);
    const text = JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    for (const secret of [oldUrl.password, newUrl.password, "Route-Bad-Pw"]) expect(text).not.toContain(secret);
  });
});
