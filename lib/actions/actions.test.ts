// Guarded actions through lib/ against real PostgreSQL: the runbook as actions, the guards, approvals.
import { afterEach, describe, expect, it } from "vitest";
import { createActionsFixture, OPERATOR, SECOND_OPERATOR, type ActionsFixture } from "../testing/actions-fixture";
import { readMigrationStatus } from "../migrations/status";
import { readMigrationsFolder } from "../migrations/folder";
import { RUNBOOK_FAILING, RUNBOOK_MIGRATIONS, writeMigrationsFolder } from "../testing/migrations-fixture";
import { deployMigrations } from "../migrations/engine";
import { computePreflightAgainstTarget } from "./preflight";
import { approveAction, rejectAction } from "./decide-action";
import { ActionRefused } from "./errors";
import { requestAction } from "./request-action";
import { runAction } from "./run-action";
import { sweepInterruptedActions } from "./sweep-actions";

let fixture: ActionsFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

async function refusalOf(promise: Promise<unknown>): Promise<ActionRefused> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ActionRefused);
  return error as ActionRefused;
}

async function runQueued(f: ActionsFixture) {
  for (const id of f.ctx.queued.splice(0)) await runAction(f.ctx, id, "test-worker");
}

async function auditEvents(f: ActionsFixture) {
  return f.state.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
}

describe("guarded actions", () => {
  it("the runbook as actions: resolve rolled back, fix, deploy — rows written by Prisma's engine, all audited", async () => {
    const f = (fixture = await createActionsFixture());
    const first = await requestAction(
      f.ctx,
      {
        environmentId: f.environmentId,
        kind: "resolve_rolled_back",
        migration: RUNBOOK_FAILING,
        expectedFingerprint: await f.fingerprint(),
      },
      OPERATOR,
      { clientAddress: "10.0.0.1", userAgent: "vitest" },
    );
    expect(first.status).toBe("queued");
    await runQueued(f);
    const resolved = await f.state.prisma.action.findUniqueOrThrow({ where: { id: first.id } });
    expect(resolved.status).toBe("succeeded");
    expect(resolved.fingerprintAfter).not.toBe(resolved.expectedFingerprint);

    await f.createConnectedAccount();
    const deploy = await requestAction(
      f.ctx,
      { environmentId: f.environmentId, kind: "deploy", expectedFingerprint: await f.fingerprint() },
      OPERATOR,
      null,
    );
    await runQueued(f);
    const deployed = await f.state.prisma.action.findUniqueOrThrow({
      where: { id: deploy.id },
      include: { logLines: true },
    });
    expect(deployed.status).toBe("succeeded");
    expect(deployed.result).toEqual({
      appliedMigrationNames: [RUNBOOK_FAILING, "20260120000000_add_message_reactions"],
    });
    expect(deployed.logLines.some((l) => l.message.includes(`Applying \`${RUNBOOK_FAILING}\``))).toBe(true);

    const status = await readMigrationStatus(f.target.url, await readMigrationsFolder(RUNBOOK_MIGRATIONS));
    expect(status.verdict.health).toBe("up_to_date");
    expect(await f.state.prisma.environmentActionLock.count()).toBe(0);
    const events = await auditEvents(f);
    expect(events.map((e) => `${e.event}:${e.outcome}`)).toEqual([
      "request:accepted",
      "start:running",
      "outcome:succeeded",
      "request:accepted",
      "start:running",
      "outcome:succeeded",
    ]);
    expect(events[0]).toMatchObject({
      actorLabel: "op@test",
      actorRole: "operator",
      clientAddress: "10.0.0.1",
      userAgent: "vitest",
      environmentName: "prod",
    });
    expect(events[5].fingerprintAfter).toBe(status.fingerprint);
  });

  it("refuses a stale fingerprint and wrong-state requests with Prisma's codes, writing nothing to the target", async () => {
    const f = (fixture = await createActionsFixture());
    const before = await f.target.query(
      `SELECT count(*)::int AS n, count(rolled_back_at)::int AS r FROM _prisma_migrations`,
    );
    expect(
      (
        await refusalOf(
          requestAction(
            f.ctx,
            { environmentId: f.environmentId, kind: "deploy", expectedFingerprint: "0".repeat(32) },
            OPERATOR,
            null,
          ),
        )
      ).code,
    ).toBe("stale_state");
    const fp = await f.fingerprint();
    const cases: Array<[object, string]> = [
      [{ kind: "deploy" }, "P3009"],
      [{ kind: "resolve_rolled_back", migration: "20260110000000_init" }, "P3012"],
      [{ kind: "resolve_rolled_back", migration: "20990101000000_unknown" }, "P3011"],
      [{ kind: "resolve_applied", migration: "20260110000000_init" }, "P3008"],
      [{ kind: "resolve_applied", migration: "20990101000000_unknown" }, "P3017"],
      [{ kind: "resolve_rolled_back", migration: 'x\'; DROP TABLE "User"; --' }, "invalid_migration_name"],
    ];
    for (const [request, code] of cases) {
      const refusal = await refusalOf(
        requestAction(
          f.ctx,
          { environmentId: f.environmentId, expectedFingerprint: fp, ...request } as never,
          OPERATOR,
          null,
        ),
      );
      expect(refusal.code).toBe(code);
    }
    const after = await f.target.query(
      `SELECT count(*)::int AS n, count(rolled_back_at)::int AS r FROM _prisma_migrations`,
    );
    expect(after.rows).toEqual(before.rows);
    expect(await f.state.prisma.action.count()).toBe(0);
    expect((await auditEvents(f)).map((e) => e.outcome)).toEqual(Array(cases.length + 1).fill("refused"));
  });

  it("ten concurrent requests on one environment: exactly one accepted, nine refused with 409, all audited", async () => {
    const f = (fixture = await createActionsFixture());
    const fp = await f.fingerprint();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        requestAction(
          f.ctx,
          {
            environmentId: f.environmentId,
            kind: "resolve_rolled_back",
            migration: RUNBOOK_FAILING,
            expectedFingerprint: fp,
          },
          OPERATOR,
          null,
        ),
      ),
    );
    const accepted = results.filter((r) => r.status === "fulfilled");
    const refused = results
      .filter((r): r is PromiseRejectedResult => r.status === "rejected")
      .map((r) => r.reason as ActionRefused);
    expect(accepted).toHaveLength(1);
    expect(refused.map((r) => [r.code, r.status])).toEqual(Array(9).fill(["environment_busy", 409]));
    expect(refused[0].message).toContain("requested by op@test");
    const events = await auditEvents(f);
    expect(events.filter((e) => e.event === "request")).toHaveLength(1);
    expect(events.filter((e) => e.event === "refusal")).toHaveLength(9);
    expect(await f.state.prisma.action.count()).toBe(1);
  });

  it("a protected environment needs its name typed and a second person's approval", async () => {
    const f = (fixture = await createActionsFixture({ isProtected: true }));
    const request = {
      environmentId: f.environmentId,
      kind: "resolve_rolled_back" as const,
      migration: RUNBOOK_FAILING,
      expectedFingerprint: await f.fingerprint(),
    };
    expect((await refusalOf(requestAction(f.ctx, request, OPERATOR, null))).code).toBe("confirmation_required");
    expect(
      (await refusalOf(requestAction(f.ctx, { ...request, confirmation: "production" }, OPERATOR, null))).code,
    ).toBe("confirmation_required");
    const asked = await requestAction(f.ctx, { ...request, confirmation: "prod" }, OPERATOR, null);
    expect(asked.status).toBe("awaiting_approval");
    expect(f.ctx.queued).toEqual([]);

    expect((await refusalOf(approveAction(f.ctx, asked.id, OPERATOR, null))).code).toBe("self_approval");
    await approveAction(f.ctx, asked.id, SECOND_OPERATOR, null);
    expect((await refusalOf(approveAction(f.ctx, asked.id, SECOND_OPERATOR, null))).code).toBe("not_awaiting_approval");
    await runQueued(f);
    const action = await f.state.prisma.action.findUniqueOrThrow({ where: { id: asked.id } });
    expect(action).toMatchObject({ status: "succeeded", decidedByLabel: "op2@test" });
    expect((await auditEvents(f)).map((e) => `${e.event}:${e.outcome}`)).toEqual([
      "refusal:refused",
      "refusal:refused",
      "request:awaiting_approval",
      "refusal:refused",
      "approval:approved",
      "refusal:refused",
      "start:running",
      "outcome:succeeded",
    ]);
  });

  it("the two-person rule is about people: a token acts for its owner, in either direction", async () => {
    const f = (fixture = await createActionsFixture({ isProtected: true }));
    const prisma = f.state.prisma;
    const ada = await prisma.user.create({ data: { email: "ada@test", role: "admin" } });
    const bob = await prisma.user.create({ data: { email: "bob@test", role: "operator" } });
    const adaToken = await prisma.apiToken.create({
      data: { name: "ada-ops", role: "operator", tokenHash: "h-ada", createdById: ada.id },
    });
    const adaSession = { key: `user:${ada.id}`, label: ada.email, role: "admin" as const, userId: ada.id };
    const adaByToken = {
      key: `token:${adaToken.id}`,
      label: "token ada-ops",
      role: "operator" as const,
      userId: ada.id,
    };
    const bobSession = { key: `user:${bob.id}`, label: bob.email, role: "operator" as const, userId: bob.id };
    const request = {
      environmentId: f.environmentId,
      kind: "resolve_rolled_back" as const,
      migration: RUNBOOK_FAILING,
      confirmation: "prod",
      expectedFingerprint: await f.fingerprint(),
    };

    // Requested with the session, approved with the same person's token: refused, nothing queued.
    const bySession = await requestAction(f.ctx, request, adaSession, null);
    expect((await refusalOf(approveAction(f.ctx, bySession.id, adaByToken, null))).code).toBe("self_approval");
    expect(f.ctx.queued).toEqual([]);
    await rejectAction(f.ctx, bySession.id, adaSession, null, "withdrawn");

    // Requested with the token, approved with the owner's session: refused too; another person approves.
    const byToken = await requestAction(f.ctx, request, adaByToken, null);
    expect((await refusalOf(approveAction(f.ctx, byToken.id, adaSession, null))).code).toBe("self_approval");
    await approveAction(f.ctx, byToken.id, bobSession, null);
    expect(f.ctx.queued).toEqual([byToken.id]);
  });

  it("approvals expire and release the environment; a rejection does too", async () => {
    const f = (fixture = await createActionsFixture({ isProtected: true }));
    f.ctx.approvalTtlMs = 1;
    const request = {
      environmentId: f.environmentId,
      kind: "resolve_rolled_back" as const,
      migration: RUNBOOK_FAILING,
      confirmation: "prod",
      expectedFingerprint: await f.fingerprint(),
    };
    const first = await requestAction(f.ctx, request, OPERATOR, null);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await refusalOf(approveAction(f.ctx, first.id, SECOND_OPERATOR, null))).code).toBe("approval_expired");
    expect((await f.state.prisma.action.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("rejected");

    f.ctx.approvalTtlMs = 60_000;
    const second = await requestAction(f.ctx, request, OPERATOR, null);
    await rejectAction(f.ctx, second.id, SECOND_OPERATOR, null, "wrong migration");
    expect(await f.state.prisma.environmentActionLock.count()).toBe(0);
    const third = await requestAction(f.ctx, request, OPERATOR, null);
    expect(third.status).toBe("awaiting_approval");
  });

  it("a state change between request and run stops the action before it touches anything", async () => {
    const f = (fixture = await createActionsFixture());
    const asked = await requestAction(
      f.ctx,
      {
        environmentId: f.environmentId,
        kind: "resolve_rolled_back",
        migration: RUNBOOK_FAILING,
        expectedFingerprint: await f.fingerprint(),
      },
      OPERATOR,
      null,
    );
    await f.target.query(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE finished_at IS NULL`); // someone else resolved it
    await runQueued(f);
    const action = await f.state.prisma.action.findUniqueOrThrow({ where: { id: asked.id } });
    expect(action.status).toBe("failed");
    expect(action.error).toMatchObject({ code: "stale_state" });
  });

  it("a running action whose worker stopped beating is marked interrupted and the environment released", async () => {
    const f = (fixture = await createActionsFixture());
    const asked = await requestAction(
      f.ctx,
      {
        environmentId: f.environmentId,
        kind: "resolve_rolled_back",
        migration: RUNBOOK_FAILING,
        expectedFingerprint: await f.fingerprint(),
      },
      OPERATOR,
      null,
    );
    // What a killed process leaves behind: the action claimed and running, its heartbeat going stale.
    await f.state.prisma.action.update({
      where: { id: asked.id },
      data: { status: "running", workerId: "dead", heartbeatAt: new Date(Date.now() - 60_000) },
    });
    expect(await sweepInterruptedActions(f.state.prisma, 10_000)).toEqual([asked.id]);
    const action = await f.state.prisma.action.findUniqueOrThrow({ where: { id: asked.id } });
    expect(action.status).toBe("interrupted");
    expect(await f.state.prisma.environmentActionLock.count()).toBe(0);
    expect((await auditEvents(f)).at(-1)).toMatchObject({ event: "outcome", outcome: "interrupted" });
  });
});

describe("deploy preflight against the target", () => {
  it("a missing extension is flagged before deploy and the deploy is refused, not run", async () => {
    const dir = writeMigrationsFolder({
      "20260101000000_base": 'CREATE TABLE "Base" (id int);',
      "20260102000000_geo": 'CREATE TABLE "Place" (id int);\nCREATE EXTENSION "runway_no_such_extension";\n',
    });
    const folder = await readMigrationsFolder(dir);
    const f = (fixture = await createActionsFixture({
      migrationsDir: dir,
      prepare: (url) => deployMigrations(url, { ...folder, migrations: folder.migrations.slice(0, 1) }).then(() => {}),
    }));
    const status = await readMigrationStatus(f.target.url, folder);
    const preflight = await computePreflightAgainstTarget({
      url: f.target.url,
      kind: "deploy",
      migrationName: null,
      environment: { id: f.environmentId, name: "prod", isProtected: false },
      status,
      folder,
      openAction: null,
    });
    expect(preflight.allowed).toBe(false);
    expect(preflight.refusal?.code).toBe("predicted_failure");
    expect(preflight.warnings[0]).toMatchObject({
      code: "missing_extension",
      migrationName: "20260102000000_geo",
      line: 2,
    });
    expect(preflight.migrationsToApply.map((m) => m.name)).toEqual(["20260102000000_geo"]);

    const refusal = await refusalOf(
      requestAction(
        f.ctx,
        { environmentId: f.environmentId, kind: "deploy", expectedFingerprint: status.fingerprint },
        OPERATOR,
        null,
      ),
    );
    expect(refusal.code).toBe("predicted_failure");
    expect(refusal.message).toContain("runway_no_such_extension");
    expect(f.ctx.queued).toEqual([]);
    expect((await f.target.query(`SELECT count(*)::int AS n FROM _prisma_migrations`)).rows[0].n).toBe(1);
  });
});
