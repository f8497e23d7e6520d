// Notifications for real: the monitor sees a failed deploy made outside Runway, pg-boss delivers it to a real
// HTTP receiver (signed), a Slack-format receiver and a real SMTP server; a failing receiver gets retries.
import fs from "node:fs";
import path from "node:path";
import PgBoss from "pg-boss";
import { afterEach, describe, expect, inject, it } from "vitest";
import type { Actor } from "../actions/actor";
import { createEnvironment, createProject } from "../environments/registry";
import { createStatusService } from "../environments/status-service";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { startMonitor } from "../monitor/monitor";
import { recordEvent } from "../monitor/record-reading";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { createOwnState, type OwnState } from "../testing/own-state";
import { startHttpReceiver, startSmtpReceiver } from "../testing/receivers";
import { createTestDatabase } from "../testing/test-database";
import { waitFor } from "../testing/wait-for";
import { requestAction } from "../actions/request-action";
import { recordApprovalRequest } from "../monitor/record-approval-request";
import { createActionsFixture, OPERATOR } from "../testing/actions-fixture";
import { RUNBOOK_FAILING } from "../testing/migrations-fixture";
import { createChannel, listChannels, listDeliveries, updateChannel } from "./channels";
import { startNotifier, type Notifier } from "./notifier";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from "./sign-webhook";

const ADMIN: Actor = { key: "user:admin", label: "admin@test", role: "admin", userId: null };
const A = "20260101000000_a";
const B = "20260102000000_b";

let cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function setUp(options: { smtpUrl?: string; retryDelaySeconds?: number; state?: OwnState } = {}) {
  const state: OwnState = options.state ?? (await createOwnState());
  if (!options.state) cleanups.push(() => state.close());
  const boss = new PgBoss({ connectionString: state.database.url, schema: "pgboss", max: 3 });
  boss.on("error", () => {});
  await boss.start();
  cleanups.push(() => boss.stop({ graceful: false, wait: true }));
  const notifier: Notifier = await startNotifier({
    prisma: state.prisma,
    secretKey: state.secretKey,
    boss,
    publicUrl: "https://runway.example.com",
    smtpUrl: options.smtpUrl,
    smtpFrom: "runway@example.com",
    retries: 3,
    retryDelaySeconds: options.retryDelaySeconds ?? 1,
    log: () => {},
  });
  cleanups.push(() => notifier.stop());
  const ctx = { prisma: state.prisma, secretKey: state.secretKey, smtpConfigured: notifier.smtpConfigured };
  return { state, boss, notifier, ctx };
}

describe("notifications", () => {
  it("a failed deploy made outside Runway reaches a signed webhook, Slack and email within one interval", async () => {
    const receiver = await startHttpReceiver();
    cleanups.push(() => receiver.close());
    const smtp = await startSmtpReceiver();
    cleanups.push(() => smtp.close());
    const { state, boss, notifier, ctx } = await setUp({ smtpUrl: smtp.url });
    const target = await createTestDatabase(inject("adminUrl"), "rw_notify_target");
    cleanups.push(() => target.drop());
    const dir = writeMigrationsFolder({ [A]: 'CREATE TABLE "A" (id int);' });
    await deployMigrations(target.url, await readMigrationsFolder(dir));
    const project = await createProject(state, { name: "shop", source: { kind: "folder", path: dir } }, null);
    const env = await createEnvironment(state, {
      projectId: project.id,
      name: "prod",
      databaseUrl: target.url,
      isProtected: true,
    });

    // No subscriptions: prod is protected, so every channel hears of its failures by default.
    const webhook = await createChannel(
      ctx,
      { kind: "webhook", name: "ops hook", url: receiver.url("/hook?token=s3cret") },
      ADMIN,
      null,
    );
    await createChannel(
      ctx,
      { kind: "slack", name: "slack", url: receiver.url("/services/T000/B000/XXXX") },
      ADMIN,
      null,
    );
    await createChannel(ctx, { kind: "email", name: "on-call mail", recipients: "oncall@example.com" }, ADMIN, null);
    expect(webhook.signingSecret).toMatch(/^whsec_/);

    const status = createStatusService(state, { ttlMs: 0 });
    const monitor = await startMonitor({
      prisma: state.prisma,
      boss,
      readStatus: (id) => status.refreshStatus(id),
      defaultIntervalSeconds: 1,
      tickMs: 200,
      onEvents: (events) => notifier.dispatch(events).then(() => {}),
      log: () => {},
    });
    cleanups.push(() => monitor.stop());
    await waitFor(
      "the first reading",
      async () =>
        ((await state.prisma.monitorState.findUnique({ where: { environmentId: env.id } }))?.readCount ?? 0) >= 1,
    );

    fs.mkdirSync(path.join(dir, B));
    fs.writeFileSync(path.join(dir, B, "migration.sql"), 'ALTER TABLE "Missing" ADD COLUMN x int;');
    await deployMigrations(target.url, await readMigrationsFolder(dir)).catch(() => {});

    const hook = await waitFor("the webhook", () => receiver.requests.find((r) => r.path.startsWith("/hook")));
    const body = JSON.parse(hook.body);
    expect(body).toMatchObject({
      type: "environment.failed",
      kind: "failed",
      environment: {
        id: env.id,
        name: "prod",
        isProtected: true,
        url: `https://runway.example.com/environments/${env.id}`,
      },
      details: { migrations: [B] },
    });
    expect(
      verifyWebhook(
        webhook.signingSecret!,
        { signature: hook.headers[SIGNATURE_HEADER] as string, timestamp: hook.headers[TIMESTAMP_HEADER] as string },
        hook.body,
      ),
    ).toBe(true);
    expect(
      verifyWebhook(
        "whsec_wrong",
        { signature: hook.headers[SIGNATURE_HEADER] as string, timestamp: hook.headers[TIMESTAMP_HEADER] as string },
        hook.body,
      ),
    ).toBe(false);

    const slack = await waitFor("the Slack message", () =>
      receiver.requests.find((r) => r.path.startsWith("/services")),
    );
    const message = JSON.parse(slack.body);
    expect(message.text).toContain("shop/prod");
    expect(JSON.stringify(message.blocks)).toContain(`https://runway.example.com/environments/${env.id}`);

    const mail = await waitFor("the email", () => smtp.messages[0]);
    expect(mail.to).toEqual(["oncall@example.com"]);
    expect(mail.raw).toMatch(/Subject: \[Runway\] shop\/prod: failed/);
    // quoted-printable soft line breaks undone
    expect(mail.raw.replace(/=\r\n/g, "")).toContain(`https://runway.example.com/environments/${env.id}`);
  });

  it("a receiver answering 500 gets retries with backoff, and the delivery log says so", async () => {
    const receiver = await startHttpReceiver((_path, count) => (count <= 2 ? 500 : 204));
    cleanups.push(() => receiver.close());
    const { state, notifier, ctx } = await setUp();
    const channel = await createChannel(
      ctx,
      { kind: "webhook", name: "flaky", url: receiver.url("/flaky"), subscriptions: [{ eventKinds: ["deployed"] }] },
      ADMIN,
      null,
    );
    const event = await recordEvent(
      state.prisma,
      {
        id: "00000000-0000-4000-8000-000000000001",
        name: "staging",
        projectId: "00000000-0000-4000-8000-000000000002",
        projectName: "shop",
        isProtected: false,
      },
      "deployed",
      "shop/staging: deployed 1 migration(s).",
      { migrations: [A] },
    );
    expect(await notifier.dispatch([event])).toEqual([channel.id]);

    await waitFor("three attempts", async () => (await listDeliveries(ctx, channel.id)).length >= 3, 20_000);
    const log = (await listDeliveries(ctx, channel.id)).reverse();
    expect(log.map((d) => [d.attempt, d.ok, d.responseCode])).toEqual([
      [1, false, 500],
      [2, false, 500],
      [3, true, 204],
    ]);
    expect(log[0].error).toContain("HTTP 500");
    // Backoff: retryDelay 1 s doubling (pg-boss adds up to as much again as jitter), so at least 1 s then 2 s.
    const [first, second, third] = log.map((d) => Date.parse(d.at));
    expect(second - first).toBeGreaterThanOrEqual(900);
    expect(third - second).toBeGreaterThanOrEqual(1900);
  });

  it("keeps URLs and secrets encrypted, never shows them again, and audits changes with them redacted", async () => {
    const receiver = await startHttpReceiver();
    cleanups.push(() => receiver.close());
    const { state, notifier, ctx } = await setUp();
    const secretUrl = receiver.url("/services/T111/B222/topsecretpath");
    const created = await createChannel(ctx, { kind: "slack", name: "team", url: secretUrl }, ADMIN, null);
    const listed = JSON.stringify(await listChannels(ctx));
    expect(listed).not.toContain("topsecretpath");
    expect(listed).toContain("http://127.0.0.1:");
    const stored = await state.prisma.notificationChannel.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.encryptedTarget).not.toContain("topsecretpath");

    await updateChannel(
      ctx,
      created.id,
      {
        name: "team-alerts",
        target: receiver.url("/services/T111/B222/newsecret"),
        subscriptions: [{ eventKinds: ["failed", "drifted"] }],
      },
      ADMIN,
      null,
    );
    const audit = await state.prisma.auditEvent.findMany({
      where: { event: { startsWith: "channel_" } },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((a) => a.event)).toEqual(["channel_created", "channel_updated"]);
    const auditText = JSON.stringify(audit.map((a) => a.arguments));
    expect(auditText).not.toContain("topsecretpath");
    expect(auditText).not.toContain("newsecret");
    expect(audit[1].arguments).toMatchObject({
      before: { name: "team", subscriptions: [] },
      after: { name: "team-alerts", subscriptions: [{ eventKinds: ["failed", "drifted"] }] },
      targetChanged: true,
    });

    const test = await notifier.sendTest(created.id);
    expect(test).toMatchObject({ ok: true, responseCode: 200 });
    expect(receiver.requests.at(-1)!.path).toBe("/services/T111/B222/newsecret");
    expect((await listDeliveries(ctx, created.id))[0]).toMatchObject({
      eventKind: "test",
      ok: true,
      responseCode: 200,
    });
  });

  it("an approval request on a protected environment reaches Slack with the link to review it", async () => {
    const receiver = await startHttpReceiver();
    cleanups.push(() => receiver.close());
    const f = await createActionsFixture({ isProtected: true });
    cleanups.push(() => f.close());
    const { notifier, ctx } = await setUp({ state: f.state });
    await createChannel(ctx, { kind: "slack", name: "ops", url: receiver.url("/services/T1/B1/x") }, ADMIN, null);
    const asked = await requestAction(
      {
        ...f.ctx,
        onApprovalRequested: (id) =>
          void recordApprovalRequest(f.state.prisma, id).then((e) => e && notifier.dispatch([e])),
      },
      {
        environmentId: f.environmentId,
        kind: "resolve_rolled_back",
        migration: RUNBOOK_FAILING,
        expectedFingerprint: await f.fingerprint(),
        confirmation: "prod",
      },
      OPERATOR,
      null,
    );
    const slack = await waitFor("the Slack message", () => receiver.requests[0]);
    const message = JSON.stringify(JSON.parse(slack.body));
    expect(message).toContain(`https://runway.example.com/actions/${asked.id}`);
    expect(message).toContain("op@test asks for marking");
  });

  it("refuses an email channel when SMTP is not configured, and a target that is not a URL", async () => {
    const { ctx } = await setUp();
    await expect(
      createChannel(ctx, { kind: "email", name: "mail", recipients: "a@example.com" }, ADMIN, null),
    ).rejects.toMatchObject({ code: "smtp_not_configured" });
    await expect(
      createChannel(ctx, { kind: "webhook", name: "bad", url: "file:///etc/passwd" }, ADMIN, null),
    ).rejects.toThrow();
  });
});
