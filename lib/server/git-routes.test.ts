// The git source's routes as scripts and push hooks call them (real handlers, real PostgreSQL, a real repository
// over smart HTTP): creating a git project tests access and shows the webhook secret once, regenerating it and
// "Fetch now" are audited, and no response or audit row ever holds the token or the secret. The webhook's proofs
// (GitHub's HMAC, GitLab's token, a bearer secret) go through the route wrapper's signed mode.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRepo, migrationFiles, type TestRepo } from "../testing/git-repo";
import { startGitHttpServer, type GitHttpServer } from "../testing/git-http-server";
import { createOwnState, type OwnState } from "../testing/own-state";
import { createApiToken } from "./api-tokens";
import { createUser } from "./users";

const TOKEN = "ghp_runwayRouteTestToken0123456789abcdef";
let state: OwnState;
let repo: TestRepo;
let server: GitHttpServer;
let adminToken: string;
let operatorToken: string;

const routes = {
  projects: () => import("@/app/api/projects/route"),
  fetch: () => import("@/app/api/projects/[id]/git/fetch/route"),
  secret: () => import("@/app/api/projects/[id]/git/webhook-secret/route"),
  webhook: () => import("@/app/api/projects/[id]/git/webhook/route"),
};

type Handler = (request: Request, segment: { params: Promise<unknown> }) => Promise<Response>;

function call(
  handler: Handler,
  init: {
    token?: string;
    method?: string;
    body?: unknown;
    params?: object;
    headers?: Record<string, string>;
    raw?: string;
  },
) {
  const request = new Request("http://runway.test/api/x", {
    method: init.method ?? "POST",
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      ...init.headers,
    },
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  return handler(request, { params: Promise.resolve(init.params ?? {}) });
}

async function everything(): Promise<string> {
  const replacer = (_key: string, value: unknown) => (typeof value === "bigint" ? String(value) : value);
  return JSON.stringify([await state.prisma.auditEvent.findMany(), await state.prisma.gitSource.findMany()], replacer);
}

beforeAll(async () => {
  state = await createOwnState();
  Object.assign(process.env, {
    DATABASE_URL: state.database.url,
    RUNWAY_SECRET_KEY: state.secretKey.toString("base64"),
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64"),
  });
  const admin = await createUser(state.prisma, {
    email: "admin@git.test",
    password: "admin-password-1",
    role: "admin",
  });
  const operator = await createUser(state.prisma, {
    email: "op@git.test",
    password: "op-password-123",
    role: "operator",
  });
  adminToken = (await createApiToken(state.prisma, { name: "admin", role: "admin", expiresAt: null }, admin.id)).token;
  operatorToken = (await createApiToken(state.prisma, { name: "op", role: "operator", expiresAt: null }, operator.id))
    .token;
  repo = await createTestRepo();
  await repo.commit(migrationFiles({ "20260101000000_a": 'CREATE TABLE "a" (id int);\n' }), "add a");
  await repo.push();
  server = await startGitHttpServer(repo.root, { username: "ci", password: TOKEN });
});

afterAll(async () => {
  const { getPrisma } = await import("./db");
  await getPrisma().$disconnect();
  await server?.close();
  await state?.close();
});

describe("git source routes", { timeout: 120_000 }, () => {
  it("create (access tested, secret shown once), regenerate, fetch now: audited, never a secret", async () => {
    const { POST: create, GET: list } = await routes.projects();
    const source = { kind: "git", repository: server.url(repo.name), ref: "main" };
    const refused = await call(create, {
      token: adminToken,
      body: { name: "api", source: { ...source, credentials: { kind: "https", username: "ci", token: "nope" } } },
    });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error).toMatchObject({ code: "git_auth_failed" });
    const withCredentialsInUrl = await call(create, {
      token: adminToken,
      body: { name: "api", source: { ...source, repository: server.url(repo.name).replace("//", `//ci:${TOKEN}@`) } },
    });
    expect(withCredentialsInUrl.status).toBe(400);
    expect(JSON.stringify(await withCredentialsInUrl.json())).not.toContain(TOKEN);

    const response = await call(create, {
      token: adminToken,
      body: { name: "api", source: { ...source, credentials: { kind: "https", username: "ci", token: TOKEN } } },
    });
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created).toMatchObject({
      sourceKind: "git",
      git: { repository: server.url(repo.name), refName: "main", authMethod: "https" },
      gitWebhook: {
        webhookUrl: expect.stringMatching(/\/api\/projects\/[0-9a-f-]{36}\/git\/webhook$/),
        secret: expect.stringMatching(/^rwgit_/),
      },
    });
    const secret: string = created.gitWebhook.secret;
    expect(JSON.stringify(created)).not.toContain(TOKEN);
    const listed = JSON.stringify(await (await call(list, { token: adminToken, method: "GET" })).json());
    expect(listed).not.toContain(TOKEN);
    expect(listed).not.toContain(secret);

    const { POST: regenerate } = await routes.secret();
    expect((await call(regenerate, { token: operatorToken, params: { id: created.id } })).status).toBe(403);
    const renewed = await (await call(regenerate, { token: adminToken, params: { id: created.id } })).json();
    expect(renewed.secret).toMatch(/^rwgit_/);
    expect(renewed.secret).not.toBe(secret);

    const { POST: fetchNow } = await routes.fetch();
    await repo.commit(migrationFiles({ "20260102000000_b": 'CREATE TABLE "b" (id int);\n' }), "add b");
    await repo.push();
    const fetched = await call(fetchNow, { token: operatorToken, params: { id: created.id } });
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toMatchObject({ outcome: "fetched", releases: [{ number: 2, message: "add b" }] });

    const audit = await state.prisma.auditEvent.findMany({
      where: { event: { in: ["project_created", "git_webhook_secret_regenerated", "git_fetch_requested"] } },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((row) => [row.event, row.actorLabel])).toEqual([
      ["project_created", "token admin"],
      ["git_webhook_secret_regenerated", "token admin"],
      ["git_fetch_requested", "token op"],
    ]);
    expect(audit[0].arguments).toMatchObject({ before: null, after: { name: "api", git: { authMethod: "https" } } });
    expect(audit[1].arguments).toMatchObject({
      projectId: created.id,
      before: { rotatedAt: expect.any(String) },
      after: { rotatedAt: expect.any(String) },
    });
    expect(audit[2].arguments).toMatchObject({ projectId: created.id, outcome: "fetched", releases: [{ number: 2 }] });
    const stored = await everything();
    for (const value of [TOKEN, secret, renewed.secret]) expect(stored).not.toContain(value);
  });

  it("the webhook: GitHub's HMAC, GitLab's token or a bearer secret; anything else is 401 and does nothing", async () => {
    const { POST: create } = await routes.projects();
    const created = await (
      await call(create, {
        token: adminToken,
        body: {
          name: "web",
          source: {
            kind: "git",
            repository: server.url(repo.name),
            ref: "main",
            credentials: { kind: "https", username: "ci", token: TOKEN },
          },
        },
      })
    ).json();
    const secret: string = created.gitWebhook.secret;
    const { POST: webhook } = await routes.webhook();
    const push = (ref: string) => JSON.stringify({ ref, after: "0".repeat(40) });
    const sign = (body: string, key = secret) =>
      `sha256=${crypto.createHmac("sha256", key).update(body).digest("hex")}`;
    const before = await state.prisma.gitSource.findUniqueOrThrow({ where: { projectId: created.id } });

    const cases: Array<[string, Record<string, string>, string, number, string]> = [
      ["no proof", { "x-github-event": "push" }, push("refs/heads/main"), 401, "invalid_signature"],
      [
        "a wrong HMAC",
        { "x-github-event": "push", "x-hub-signature-256": sign(push("refs/heads/main"), "guess") },
        push("refs/heads/main"),
        401,
        "invalid_signature",
      ],
      [
        "an HMAC of another body",
        { "x-github-event": "push", "x-hub-signature-256": sign(push("refs/heads/dev")) },
        push("refs/heads/main"),
        401,
        "invalid_signature",
      ],
      [
        "a wrong GitLab token",
        { "x-gitlab-event": "Push Hook", "x-gitlab-token": "guess" },
        push("refs/heads/main"),
        401,
        "invalid_signature",
      ],
      ["a wrong bearer secret", { authorization: "Bearer guess" }, "", 401, "invalid_signature"],
      ["an API token instead of the secret", { authorization: `Bearer ${adminToken}` }, "", 401, "invalid_signature"],
    ];
    for (const [what, headers, body, status, code] of cases) {
      const response = await call(webhook, {
        params: { id: created.id },
        headers: { "content-type": "application/json", ...headers },
        raw: body || undefined,
      });
      expect(response.status, what).toBe(status);
      expect((await response.json()).error.code, what).toBe(code);
    }
    // An unknown project answers exactly as a wrong secret does.
    const unknown = await call(webhook, {
      params: { id: crypto.randomUUID() },
      headers: { "content-type": "application/json", "x-hub-signature-256": sign(push("refs/heads/main")) },
      raw: push("refs/heads/main"),
    });
    expect(unknown.status).toBe(401);

    const ping = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    const pong = await call(webhook, {
      params: { id: created.id },
      headers: { "content-type": "application/json", "x-github-event": "ping", "x-hub-signature-256": sign(ping) },
      raw: ping,
    });
    expect(pong.status).toBe(200);
    expect(await pong.json()).toMatchObject({ outcome: "pong" });
    const elsewhere = push("refs/heads/feature");
    const ignored = await call(webhook, {
      params: { id: created.id },
      headers: { "content-type": "application/json", "x-github-event": "push", "x-hub-signature-256": sign(elsewhere) },
      raw: elsewhere,
    });
    expect(ignored.status).toBe(202);
    expect(await ignored.json()).toMatchObject({
      outcome: "ignored",
      message: expect.stringContaining("follows the branch main"),
    });
    const gitlabTag = await call(webhook, {
      params: { id: created.id },
      headers: { "content-type": "application/json", "x-gitlab-event": "Tag Push Hook", "x-gitlab-token": secret },
      raw: push("refs/tags/v2"),
    });
    expect(gitlabTag.status).toBe(202);
    expect((await gitlabTag.json()).outcome).toBe("ignored");
    const tooLarge = await call(webhook, {
      params: { id: created.id },
      headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
      raw: "x".repeat(3 * 1024 * 1024),
    });
    expect(tooLarge.status).toBe(400);
    expect((await tooLarge.json()).error.code).toBe("body_too_large");

    // Nothing was fetched by any of these.
    const after = await state.prisma.gitSource.findUniqueOrThrow({ where: { projectId: created.id } });
    expect(after.lastFetchAt).toEqual(before.lastFetchAt);
  });
});
