// Hostile input against the built app (issue 13): every route fuzzed through bodies, queries and path segments,
// anonymous and signed in, must never answer >= 500; bodies are cut off at their limit while they stream;
// pages carry a nonce-based CSP; body-less writes refuse non-JSON content types; the target policy answers 403.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

const API_ROOT = path.resolve(import.meta.dirname, "../app/api");
const ZERO_ID = "00000000-0000-4000-8000-000000000000";

interface RouteFile {
  template: string;
  methods: string[];
}

/** Every route handler under app/api with the methods it exports: the fuzz covers routes added later too. */
function listRoutes(): RouteFile[] {
  const routes: RouteFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const source = fs.readFileSync(full, "utf8");
        const methods = [...source.matchAll(/\b(GET|POST|PATCH|PUT|DELETE)\b(?=\s*=|\s*[,}])/g)].map((m) => m[1]);
        routes.push({
          template: `/api/${path.relative(API_ROOT, dir).split(path.sep).join("/")}`,
          methods: [...new Set(methods)],
        });
      }
    }
  };
  walk(API_ROOT);
  return routes;
}

const BAD_SEGMENTS = [
  "%",
  "%E0%A4%A",
  "%ff",
  "%C0%AF",
  "%00",
  "%2e%2e",
  "..",
  "%zz",
  "é",
  "'%20OR%201=1",
  "<script>",
  "x".repeat(3000),
  "%F0%9F%98%80",
  "null",
];
const BAD_QUERIES = [
  "kind=%ff",
  "kind=deploy&migration=%E0%A4%A",
  "kind=resolve_applied&migration=..%2F..%2Fetc",
  "afterLogId=-1",
  "afterLogId=1e999",
  "limit=99999999999999999999",
  "beforeSeq=abc",
  "from=not-a-date&to=%",
  "format=xml",
  "format=csv&download=1",
  "download=patch",
  "callbackUrl=%",
  "environmentId=%00",
  "a=%E0%A4%A",
];
const BAD_BODIES: Array<{ body: string | Buffer; type?: string }> = [
  { body: "{", type: "application/json" },
  { body: "null", type: "application/json" },
  { body: "[]", type: "application/json" },
  { body: '"text"', type: "application/json" },
  { body: "1e309", type: "application/json" },
  { body: "[".repeat(20000) + "]".repeat(20000), type: "application/json" },
  { body: Buffer.from([0xff, 0xfe, 0x00, 0x7b]), type: "application/json" },
  { body: '{"databaseUrl":"not a url","schema":"app"}', type: "application/json" },
  { body: '{"databaseUrl":"postgresql://u@169.254.169.254/db","schema":"app"}', type: "application/json" },
  {
    body: '{"name":"n\\u0000ul","source":{"kind":"upload","files":{"20260101000000_a/migration.sql":"SELECT 1;\\u0000"}}}',
    type: "application/json",
  },
  { body: '{"name":"x","source":{"kind":"folder","path":"relative/path"}}', type: "application/json" },
  { body: '{"files":{".git/migration.sql":"x"}}', type: "application/json" },
  {
    body: '{"kind":"deploy","expectedFingerprint":"' + "f".repeat(32) + '","migration":"%ff"}',
    type: "application/json",
  },
  { body: '{"role":"root","disabled":"yes"}', type: "application/json" },
  { body: '{"name":"t","role":"viewer","expiresAt":"9999-99-99"}', type: "application/json" },
  {
    body: '{"email":"a@b.c","password":"' + "p".repeat(100) + '","role":"viewer","name":"\\ud800"}',
    type: "application/json",
  },
  { body: "a=1&b=2", type: "application/x-www-form-urlencoded" },
  { body: "plain", type: "text/plain" },
  { body: "--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--x--", type: "multipart/form-data; boundary=x" },
  { body: "{}" },
];

function concretePaths(template: string): string[] {
  const dynamic = template.split("/").filter((s) => s.startsWith("["));
  const base = template
    .replace(/\[\.\.\.[^\]]+\]/, "session")
    .replace(/\[id\]/g, ZERO_ID)
    .replace(/\[name\]/g, "20260101000000_x");
  const paths = [base];
  // Each dynamic segment replaced by each bad value in turn, the others kept valid.
  for (const segment of dynamic) {
    for (const bad of BAD_SEGMENTS) {
      const parts = template.split("/").map((part) => (part === segment ? bad : part));
      paths.push(
        parts
          .join("/")
          .replace(/\[\.\.\.[^\]]+\]/, "session")
          .replace(/\[id\]/g, ZERO_ID)
          .replace(/\[name\]/g, "20260101000000_x"),
      );
    }
  }
  return paths;
}

async function fuzz(request: APIRequestContext): Promise<{ sent: number; failures: string[] }> {
  const jobs: Array<() => Promise<[string, APIResponse]>> = [];
  for (const { template, methods } of listRoutes()) {
    // Bad queries and bodies on the route with valid segments; each bad segment with a plain request.
    const [base, ...badPaths] = concretePaths(template);
    for (const method of methods) {
      const send = (route: string, body?: { body: string | Buffer; type?: string }) =>
        method === "GET"
          ? request.get(route, { maxRedirects: 0 })
          : request.fetch(route, {
              method,
              data: body?.body ?? "{}",
              headers: { "Content-Type": body?.type ?? "application/json" },
              maxRedirects: 0,
            });
      for (const route of badPaths) jobs.push(async () => [`${method} ${route}`, await send(route)]);
      if (method === "GET") {
        jobs.push(async () => [`GET ${base}`, await send(base)]);
        for (const query of BAD_QUERIES)
          jobs.push(async () => [`GET ${base}?${query}`, await send(`${base}?${query}`)]);
      } else {
        for (const body of BAD_BODIES)
          jobs.push(async () => [
            `${method} ${base} (${body.type ?? "no type"}) ${String(body.body).slice(0, 40)}`,
            await request.fetch(base, {
              method,
              data: body.body,
              headers: body.type ? { "Content-Type": body.type } : {},
              maxRedirects: 0,
            }),
          ]);
      }
    }
  }
  // Pages too: odd callbackUrls and undecodable segments.
  for (const callback of [
    "%",
    "%E0%A4%A",
    "//evil.example",
    "/%09/evil.example",
    "javascript:alert(1)",
    "http://[::1",
    "\\\\evil",
    "x".repeat(5000),
    "/%ff",
  ]) {
    jobs.push(async () => [
      `GET /signin?callbackUrl=${callback.slice(0, 40)}`,
      await request.get(`/signin?callbackUrl=${callback}`, { maxRedirects: 0 }),
    ]);
  }
  for (const page of [
    "/environments/%E0%A4%A",
    "/environments/%ff/migrations/x",
    `/environments/${ZERO_ID}/migrations/%ff`,
    "/audit?from=%",
    "/%",
  ]) {
    jobs.push(async () => [`GET ${page}`, await request.get(page, { maxRedirects: 0 })]);
  }
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const [label, response] = await job();
      if (response.status() >= 500)
        failures.push(`${response.status()} ${label.slice(0, 160)}: ${(await response.text()).slice(0, 160)}`);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return { sent: jobs.length, failures };
}

test("fuzzing every route (bodies, queries, path segments), anonymous and signed in: no response >= 500", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const anonymous = await fuzz(request);
  await signIn(page, "admin");
  const signedIn = await fuzz(page.request);
  console.log(
    `[fuzz] ${anonymous.sent} anonymous + ${signedIn.sent} signed-in requests, ${anonymous.failures.length + signedIn.failures.length} answered >= 500`,
  );
  expect([...anonymous.failures, ...signedIn.failures]).toEqual([]);
  expect(anonymous.sent).toBeGreaterThan(500);
});

/** Streams zeros as a chunked body until the server answers; returns the status and how much was sent by then. */
function streamUntilAnswered(
  url: string,
  headers: Record<string, string>,
  maxBytes: number,
): Promise<{ status: number; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(256 * 1024);
    let sent = 0;
    let answered = false;
    const req = http.request(
      url,
      { method: "POST", headers: { ...headers, "Transfer-Encoding": "chunked" } },
      (res) => {
        answered = true;
        res.resume();
        resolve({ status: res.statusCode ?? 0, sentBytes: sent });
        req.destroy();
      },
    );
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sent < maxBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

test("a chunked 200 MiB body is cut off at the route's limit while it streams, signed in or not", async ({
  page,
  e2e,
}) => {
  const limit = 200 * 1024 * 1024;
  const callback = await streamUntilAnswered(
    `${e2e.baseURL}/api/auth/callback/credentials`,
    { "Content-Type": "application/x-www-form-urlencoded" },
    limit,
  );
  expect(callback.status).toBe(400);
  expect(callback.sentBytes).toBeLessThan(32 * 1024 * 1024);

  await signIn(page, "admin");
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const tokens = await streamUntilAnswered(
    `${e2e.baseURL}/api/tokens`,
    { "Content-Type": "application/json", Cookie: cookie },
    limit,
  );
  expect(tokens.status).toBe(400);
  expect(tokens.sentBytes).toBeLessThan(32 * 1024 * 1024);
});

test("pages carry a nonce-based CSP without 'unsafe-inline' for scripts, and still work", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/signin");
  const policy = response!.headers()["content-security-policy"];
  const scripts = /script-src ([^;]+)/.exec(policy)![1];
  expect(scripts).not.toContain("'unsafe-inline'");
  const nonce = /'nonce-([^']+)'/.exec(scripts)![1];
  const inline = await page
    .locator("script:not([src])")
    .evaluateAll((nodes) => nodes.map((n) => (n as HTMLScriptElement).nonce));
  expect(inline.length).toBeGreaterThan(0);
  expect(inline.every((value) => value === nonce)).toBe(true);
  // A second response gets another nonce.
  const again = (await page.request.get("/signin")).headers()["content-security-policy"];
  expect(again).not.toContain(nonce);
  await signIn(page, "viewer"); // the form only works once React hydrated under the policy
  expect(violations).toEqual([]);
});

test("body-less writes refuse non-JSON content types", async ({ page }) => {
  await signIn(page, "admin");
  const approve = await page.request.post(`/api/actions/${ZERO_ID}/approve`, {
    data: "x=1",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  expect(approve.status()).toBe(400);
  expect((await approve.json()).error.code).toBe("unsupported_media_type");
  const revoke = await page.request.delete(`/api/tokens/${ZERO_ID}`, {
    data: "x",
    headers: { "Content-Type": "text/plain" },
  });
  expect(revoke.status()).toBe(400);
  expect((await revoke.json()).error.code).toBe("unsupported_media_type");
  // Without a body and content type, or as JSON, they reach the route (404: no such action/token).
  expect((await page.request.post(`/api/actions/${ZERO_ID}/approve`)).status()).toBe(404);
  expect(
    (await page.request.delete(`/api/tokens/${ZERO_ID}`, { headers: { "Content-Type": "application/json" } })).status(),
  ).toBe(404);
});

test("the target policy answers plainly: 403 for metadata, link-local, unix sockets and Runway's own database", async ({
  page,
  e2e,
}) => {
  await signIn(page, "admin");
  for (const databaseUrl of [
    "postgresql://u:p@169.254.169.254:5432/db",
    "postgresql://u:p@2852039166:5432/db",
    "postgresql://u:p@[fe80::1]:5432/db",
    "postgresql://u:p@localhost/db?host=/var/run/postgresql",
    e2e.stateUrl,
  ]) {
    const started = Date.now();
    const response = await page.request.post("/api/environments/test-connection", { data: { databaseUrl } });
    expect(response.status(), databaseUrl).toBe(403);
    expect((await response.json()).error.code).toBe("RW_TARGET_REFUSED");
    expect(Date.now() - started).toBeLessThan(2000);
  }
  // An allowed target keeps its useful message: a closed port is "can't reach".
  const closed = await page.request.post("/api/environments/test-connection", {
    data: { databaseUrl: "postgresql://u:p@127.0.0.1:1/db" },
  });
  expect(closed.status()).toBe(422);
  expect((await closed.json()).error.code).toBe("P1001");
});
