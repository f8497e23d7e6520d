// Reviewing a request on its page: the preflight an approver sees, who may decide, and cancelling.
import { afterEach, describe, expect, it } from "vitest";
import { authenticateApiToken, createApiToken } from "../server/api-tokens";
import { createActionsFixture, SECOND_OPERATOR, type ActionsFixture } from "../testing/actions-fixture";
import { RUNBOOK_FAILING } from "../testing/migrations-fixture";
import type { Actor } from "./actor";
import { cancelAction, listWaitingFor } from "./cancel-action";
import { approveAction } from "./decide-action";
import { requestAction } from "./request-action";
import { loadActionReview } from "./review-action";

let fixture: ActionsFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

async function protectedRequest() {
  const f = (fixture = await createActionsFixture({ isProtected: true }));
  const user = await f.state.prisma.user.create({ data: { email: "req@test", role: "operator" } });
  const requester: Actor = { key: `user:${user.id}`, label: user.email, role: "operator", userId: user.id };
  const asked = await requestAction(
    f.ctx,
    {
      environmentId: f.environmentId,
      kind: "resolve_rolled_back",
      migration: RUNBOOK_FAILING,
      expectedFingerprint: await f.fingerprint(),
      confirmation: "prod",
    },
    requester,
    null,
  );
  return { f, user, requester, id: asked.id };
}

describe("action review", () => {
  it("shows the approver the preflight of a waiting request; the requester cannot approve, not even with a token", async () => {
    const { f, user, requester, id } = await protectedRequest();
    const review = await loadActionReview(f.state, id, SECOND_OPERATOR);
    expect(review!.action).toMatchObject({
      status: "awaiting_approval",
      requestedByLabel: "req@test",
      requestedByMe: false,
    });
    expect(review!.preflight).toMatchObject({
      allowed: true,
      kind: "resolve_rolled_back",
      migrationName: RUNBOOK_FAILING,
    });
    expect(review!.preflight!.rowChanges.length).toBe(1);
    expect(review!.preflight!.cliCommand).toContain("--rolled-back");

    expect(await listWaitingFor(f.ctx, requester)).toEqual([]);
    expect((await listWaitingFor(f.ctx, SECOND_OPERATOR)).map((a) => a.id)).toEqual([id]);

    const { token } = await createApiToken(f.state.prisma, { name: "ci", role: "operator", expiresAt: null }, user.id);
    const viaToken = await authenticateApiToken(f.state.prisma, token);
    await expect(approveAction(f.ctx, id, viaToken!, null)).rejects.toMatchObject({
      code: "self_approval",
      status: 403,
    });
    await expect(approveAction(f.ctx, id, requester, null)).rejects.toMatchObject({ code: "self_approval" });
    await approveAction(f.ctx, id, SECOND_OPERATOR, null);
    expect(f.ctx.queued).toEqual([id]);
  });

  it("lets only the requester cancel a waiting request, and frees the environment", async () => {
    const { f, requester, id } = await protectedRequest();
    await expect(cancelAction(f.ctx, id, SECOND_OPERATOR, null)).rejects.toMatchObject({
      code: "not_requester",
      status: 403,
    });
    await cancelAction(f.ctx, id, requester, null);
    const action = await f.state.prisma.action.findUniqueOrThrow({ where: { id } });
    expect(action.status).toBe("rejected");
    expect(action.error).toMatchObject({ code: "cancelled" });
    expect(await f.state.prisma.environmentActionLock.count()).toBe(0);
    await expect(cancelAction(f.ctx, id, requester, null)).rejects.toMatchObject({ code: "not_awaiting_approval" });
    const audit = await f.state.prisma.auditEvent.findMany({ where: { actionId: id }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.event)).toEqual(["request", "cancellation"]);
  });
});
