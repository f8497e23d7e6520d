// Promotion order on the demo (dev → staging → prod), with the real engine: off, prod may deploy the fixed release
// at once; on, prod is refused (409 promotion_order, naming staging, audited) until staging is at that release.
import { afterEach, describe, expect, it } from "vitest";
import { approveAction } from "../actions/decide-action";
import { ActionRefused } from "../actions/errors";
import { requestAction } from "../actions/request-action";
import { computeRequestPreflight } from "../actions/request-preflight";
import { OPERATOR, SECOND_OPERATOR } from "../testing/actions-fixture";
import { createDemoFixture, filesOfDir, type DemoFixture } from "../testing/demo-fixture";
import { RUNBOOK_FAILING, RUNBOOK_MIGRATIONS_FIXED } from "../testing/migrations-fixture";
import { readPromotion } from "./read-promotion";
import { listReleaseOptions } from "./release-options";
import { pushRelease } from "./push-release";
import { updateProject } from "../environments/edit-project";

const REACTIONS = "20260120000000_add_message_reactions";
const ADMIN = { key: "user:admin", label: "admin@test", role: "admin" as const, userId: null };

let fixture: DemoFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

async function fingerprintOf(f: DemoFixture, environmentId: string): Promise<string> {
  return (await f.statuses().getEnvironmentStatus(environmentId, { fresh: true })).fingerprint!;
}

/** Deploys the newest release to an environment (protected ones: typed name and a second operator). */
async function deploy(f: DemoFixture, environmentId: string, name: string) {
  const accepted = await requestAction(
    f.ctx,
    {
      environmentId,
      kind: "deploy",
      expectedFingerprint: await fingerprintOf(f, environmentId),
      release: 2,
      confirmation: name,
    },
    OPERATOR,
    null,
  );
  if (accepted.status === "awaiting_approval") await approveAction(f.ctx, accepted.id, SECOND_OPERATOR, null);
  await f.runQueued();
  return f.state.prisma.action.findUniqueOrThrow({ where: { id: accepted.id } });
}

/** The runbook so far on prod: the failed migration marked rolled back, then the fixed release pushed (#2). */
async function rollBackProdAndPushTheFix(f: DemoFixture) {
  const rollback = await requestAction(
    f.ctx,
    {
      environmentId: f.env.prod,
      kind: "resolve_rolled_back",
      migration: RUNBOOK_FAILING,
      expectedFingerprint: await fingerprintOf(f, f.env.prod),
      confirmation: "prod",
    },
    OPERATOR,
    null,
  );
  await approveAction(f.ctx, rollback.id, SECOND_OPERATOR, null);
  await f.runQueued();
  await pushRelease(f.state, { project: f.projectId, files: await filesOfDir(RUNBOOK_MIGRATIONS_FIXED) }, OPERATOR);
}

describe("promotion order", { timeout: 180_000 }, () => {
  it("enforced: prod deploys release #2 only once staging is at it; off: at once", async () => {
    const f = (fixture = await createDemoFixture());
    await rollBackProdAndPushTheFix(f);

    // Off (the default): prod's deploy of #2 is allowed as far as the order goes.
    const free = await computeRequestPreflight(f.state, f.env.prod, "deploy", null, { number: 2 });
    expect(free).toMatchObject({ allowed: true, release: { number: 2, chosen: true } });
    expect((await listReleaseOptions(f.state, f.env.prod)).releases[0]).toMatchObject({
      number: 2,
      isNewest: true,
      wouldApply: [RUNBOOK_FAILING, REACTIONS],
      promotion: null,
    });

    await updateProject(f.state, f.projectId, { enforcePromotion: true }, { actor: ADMIN, origin: null });
    const promotion = await readPromotion(f.state, f.statuses(), f.projectId);
    expect(promotion.enforcePromotion).toBe(true);
    expect(promotion.steps.map((s) => [s.name, s.at?.number ?? null])).toEqual([
      ["dev", 2],
      ["staging", null],
      ["prod", null],
    ]);

    // On: staging (one behind) does not have #2 yet, so prod is refused — in the dialog's preflight and at request.
    const refused = await computeRequestPreflight(f.state, f.env.prod, "deploy", null, { number: 2 });
    expect(refused).toMatchObject({
      allowed: false,
      refusal: {
        code: "promotion_order",
        mustDeployFirst: { environmentId: f.env.staging, environmentName: "staging" },
      },
    });
    expect(refused.refusal!.message).toContain("staging must be at release #2 before prod");
    const option = (await listReleaseOptions(f.state, f.env.prod)).releases.find((r) => r.number === 2)!;
    expect(option.promotion?.mustDeployFirst.environmentName).toBe("staging");
    const error = await requestAction(
      f.ctx,
      {
        environmentId: f.env.prod,
        kind: "deploy",
        expectedFingerprint: await fingerprintOf(f, f.env.prod),
        release: 2,
        confirmation: "prod",
      },
      OPERATOR,
      null,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionRefused);
    expect(error).toMatchObject({ code: "promotion_order", status: 409 });
    expect(await f.state.prisma.action.count({ where: { environmentId: f.env.prod, kind: "deploy" } })).toBe(0);
    const refusal = await f.state.prisma.auditEvent.findFirstOrThrow({
      where: { event: "refusal", environmentId: f.env.prod },
      orderBy: { seq: "desc" },
    });
    expect(refusal).toMatchObject({ outcome: "refused", actionKind: "deploy" });
    expect(refusal.message).toMatch(/^promotion_order: .*staging/);
    const toggled = await f.state.prisma.auditEvent.findFirstOrThrow({ where: { event: "project_updated" } });
    expect(toggled.arguments).toMatchObject({ before: { enforcePromotion: false }, after: { enforcePromotion: true } });

    // staging is behind dev, which is at #2: staging may deploy it. Then prod may.
    expect(await deploy(f, f.env.staging, "staging")).toMatchObject({ status: "succeeded", releaseNumber: 2 });
    expect((await computeRequestPreflight(f.state, f.env.prod, "deploy", null, { number: 2 })).allowed).toBe(true);
    const prod = await deploy(f, f.env.prod, "prod");
    expect(prod).toMatchObject({
      status: "succeeded",
      result: { appliedMigrationNames: [RUNBOOK_FAILING, REACTIONS] },
    });
    expect((await readPromotion(f.state, f.statuses(), f.projectId)).steps.map((s) => s.at?.number ?? null)).toEqual([
      2, 2, 2,
    ]);

    // Turned off again: audited, and nothing is refused for the order.
    await updateProject(f.state, f.projectId, { enforcePromotion: false }, { actor: ADMIN, origin: null });
    expect(await f.state.prisma.auditEvent.count({ where: { event: "project_updated" } })).toBe(2);
  });

  // Picked (#2) or the default (the newest, #2 too, recorded as no release picked): checked at approval as #2.
  it.each([
    { asked: "release #2", release: 2 as number | undefined, recorded: 2 as number | null },
    { asked: "the default deploy", release: undefined, recorded: null },
  ])(
    "$asked on prod, asked for with the order off, then turned on: its approval is refused until staging has #2",
    async ({ release, recorded }) => {
      const f = (fixture = await createDemoFixture());
      await rollBackProdAndPushTheFix(f);

      // Off: prod's deploy is accepted and waits for a second operator.
      const waiting = await requestAction(
        f.ctx,
        {
          environmentId: f.env.prod,
          kind: "deploy",
          expectedFingerprint: await fingerprintOf(f, f.env.prod),
          release,
          confirmation: "prod",
        },
        OPERATOR,
        null,
      );
      expect(waiting.status).toBe("awaiting_approval");

      // Turned on meanwhile: the approval is refused (audited), nothing runs, the request still waits.
      await updateProject(f.state, f.projectId, { enforcePromotion: true }, { actor: ADMIN, origin: null });
      const refused = await approveAction(f.ctx, waiting.id, SECOND_OPERATOR, null).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: "promotion_order", status: 409 });
      expect((refused as Error).message).toContain("staging must be at release #2 before prod");
      expect(await f.state.prisma.action.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({
        status: "awaiting_approval",
        decidedBy: null,
      });
      const audit = await f.state.prisma.auditEvent.findFirstOrThrow({
        where: { event: "refusal", actionId: waiting.id },
      });
      expect(audit.message).toMatch(/^promotion_order: /);

      // Once staging is at #2, the same request is approved and applies the release.
      expect(await deploy(f, f.env.staging, "staging")).toMatchObject({ status: "succeeded", releaseNumber: 2 });
      await approveAction(f.ctx, waiting.id, SECOND_OPERATOR, null);
      await f.runQueued();
      expect(await f.state.prisma.action.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({
        status: "succeeded",
        releaseNumber: recorded,
        result: { appliedMigrationNames: [RUNBOOK_FAILING, REACTIONS] },
      });
    },
  );
});
