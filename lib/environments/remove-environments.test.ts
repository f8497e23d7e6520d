// Removing environments and projects on real PostgreSQL (issue 10, item 6): refused while an action is in flight
// (as are renames and URL changes), the name typed, and the history — audit rows, the activity feed's events, the
// action pages — still readable by name afterwards; the name is free again.
import { afterEach, describe, expect, it } from "vitest";
import type { Actor } from "../actions/actor";
import { loadActionView } from "../actions/action-view";
import { cancelAction } from "../actions/cancel-action";
import { requestAction } from "../actions/request-action";
import { runAction } from "../actions/run-action";
import { queryAudit } from "../audit/query-audit";
import { queryEvents } from "../monitor/query-events";
import { recordReading } from "../monitor/record-reading";
import { createActionsFixture, OPERATOR, type ActionsFixture } from "../testing/actions-fixture";
import { RUNBOOK_FAILING } from "../testing/migrations-fixture";
import { updateEnvironment } from "./edit-environment";
import { RegistryError } from "./errors";
import { createEnvironment, getEnvironmentTarget, listEnvironments, listProjects } from "./registry";
import { removeEnvironment, removeProject } from "./remove-environments";
import { listRemovedEnvironments } from "./list-removed-environments";
import { createStatusService } from "./status-service";

const ADMIN: Actor = { key: "user:admin-1", label: "admin@test", role: "admin", userId: null };
const BY = { actor: ADMIN, origin: null };

let fixture: ActionsFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

async function refusal(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

async function requestResolve(f: ActionsFixture) {
  return requestAction(
    f.ctx,
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
}

describe("removing environments and projects", { timeout: 120_000 }, () => {
  it("refuses removal, rename and a new URL while an action is in flight; afterwards the history still reads by name", async () => {
    const f = (fixture = await createActionsFixture());
    const { prisma } = f.state;
    const statuses = createStatusService(f.state, { ttlMs: 0 });
    // The monitor's first reading of the blocked prod: an event on the activity feed.
    const recorded = await recordReading(prisma, await statuses.getEnvironmentStatus(f.environmentId));
    expect(recorded.map((e) => e.kind)).toEqual(["blocked"]);

    const asked = await requestResolve(f);
    expect(asked.status).toBe("queued");
    const busy = await refusal(removeEnvironment(f.state, f.environmentId, "prod", BY));
    expect(busy).toMatchObject({ kind: "conflict", code: "environment_busy" });
    expect(busy.message).toContain(`remove prod while a resolve rolled back requested by op@test is queued`);
    expect(busy.message).toContain(asked.id);
    for (const change of [{ name: "production" }, { databaseUrl: f.target.url + "?application_name=x" }]) {
      const refused = await refusal(updateEnvironment(f.state, f.environmentId, change, BY));
      expect(refused.code).toBe("environment_busy");
      expect(refused.message).toMatch(/Cannot change the (name|URL) of prod while a resolve rolled back/);
    }
    expect((await refusal(removeProject(f.state, (await listProjects(f.state))[0].id, "app", BY))).code).toBe(
      "environment_busy",
    );
    // Timeouts and protection are not the target: they may change meanwhile.
    const tuned = await updateEnvironment(f.state, f.environmentId, { connectTimeoutMs: 3000 }, BY);
    expect(tuned.environment.connectTimeoutMs).toBe(3000);

    await runAction(f.ctx, asked.id, "test-worker");
    expect((await prisma.action.findUniqueOrThrow({ where: { id: asked.id } })).status).toBe("succeeded");

    const unconfirmed = await refusal(removeEnvironment(f.state, f.environmentId, "Prod", BY));
    expect(unconfirmed).toMatchObject({ kind: "invalid", code: "confirmation_required" });
    expect(await removeEnvironment(f.state, f.environmentId, "prod", BY)).toMatchObject({ removed: true });

    // Gone from every list and read… but for the filters of its history, which name it as removed.
    expect(await listEnvironments(f.state)).toEqual([]);
    expect(await listRemovedEnvironments(f.state)).toEqual([
      {
        id: f.environmentId,
        projectId: expect.any(String),
        projectName: "app",
        name: "prod",
        removedAt: expect.any(String),
      },
    ]);
    expect((await listProjects(f.state))[0].environmentCount).toBe(0);
    expect((await statuses.getOverview()).projects).toEqual([]);
    expect(await refusal(getEnvironmentTarget(f.state, f.environmentId))).toMatchObject({
      code: "environment_not_found",
    });
    expect(await refusal(removeEnvironment(f.state, f.environmentId, "prod", BY))).toMatchObject({ kind: "not_found" });
    expect(await prisma.monitorState.count({ where: { environmentId: f.environmentId } })).toBe(0);

    // …while its history reads as before, by name.
    const audit = await queryAudit(prisma, { environmentId: f.environmentId });
    expect(audit.map((e) => [e.event, e.environmentName])).toEqual([
      ["environment_removed", "prod"],
      ["outcome", "prod"],
      ["start", "prod"],
      ["environment_updated", "prod"],
      ["request", "prod"],
    ]);
    expect(audit[0].arguments).toMatchObject({ before: { name: "prod", project: "app" }, after: null });
    const feed = await queryEvents(prisma, { environmentId: f.environmentId, limit: 50 });
    expect(feed.events.map((e) => [e.kind, e.environmentName, e.projectName])).toEqual([["blocked", "prod", "app"]]);
    const action = await loadActionView(prisma, asked.id, null);
    expect(action).toMatchObject({ environmentName: "prod", status: "succeeded", kind: "resolve_rolled_back" });
    expect(action!.log.length).toBeGreaterThan(0);

    // The name is free again.
    const project = (await listProjects(f.state))[0];
    const again = await createEnvironment(f.state, { projectId: project.id, name: "prod", databaseUrl: f.target.url });
    expect(again.id).not.toBe(f.environmentId);
    expect((await listEnvironments(f.state)).map((e) => e.name)).toEqual(["prod"]);
  });

  it("removes a project with all its environments, each idle, and their subscriptions", async () => {
    const f = (fixture = await createActionsFixture({ isProtected: true }));
    const { prisma } = f.state;
    const project = (await listProjects(f.state))[0];
    const staging = await createEnvironment(f.state, {
      projectId: project.id,
      name: "staging",
      databaseUrl: f.target.url,
    });
    const channel = await prisma.notificationChannel.create({
      data: {
        name: "ops",
        kind: "webhook",
        encryptedTarget: "x",
        targetDisplay: "https://hooks.example/…",
        subscriptions: {
          create: [
            { projectId: project.id, eventKinds: ["failed"] },
            { environmentId: staging.id, eventKinds: ["blocked"] },
            { eventKinds: ["deployed"] },
          ],
        },
      },
    });

    // A protected request waits for a second person: the project cannot go until it is answered.
    const asked = await requestResolve(f);
    expect(asked.status).toBe("awaiting_approval");
    const busy = await refusal(removeProject(f.state, project.id, "app", BY));
    expect(busy.message).toContain(
      "remove the project app while a resolve rolled back requested by op@test is awaiting approval on prod",
    );
    expect(await refusal(removeProject(f.state, project.id, "ap", BY))).toMatchObject({
      code: "confirmation_required",
    });
    await cancelAction(f.ctx, asked.id, OPERATOR, null);

    expect(await removeProject(f.state, project.id, "app", BY)).toEqual({
      removed: true,
      id: project.id,
      name: "app",
      environments: ["prod", "staging"],
    });
    expect(await listProjects(f.state)).toEqual([]);
    expect(await listEnvironments(f.state)).toEqual([]);
    expect((await listRemovedEnvironments(f.state)).map((e) => [e.projectName, e.name]).sort()).toEqual([
      ["app", "prod"],
      ["app", "staging"],
    ]);
    const archived = await prisma.environment.findMany({ select: { name: true, archivedAt: true } });
    expect(archived.every((e) => e.archivedAt !== null)).toBe(true);
    expect(
      (await prisma.notificationSubscription.findMany({ where: { channelId: channel.id } })).map((s) => s.eventKinds),
    ).toEqual([["deployed"]]);

    const removals = await prisma.auditEvent.findMany({
      where: { event: { in: ["environment_removed", "project_removed"] } },
      orderBy: { seq: "asc" },
    });
    expect(removals.map((e) => [e.event, e.environmentName])).toEqual([
      ["environment_removed", "prod"],
      ["environment_removed", "staging"],
      ["project_removed", null],
    ]);
    expect(removals[2].arguments).toMatchObject({
      before: { name: "app", sourceKind: "folder" },
      after: null,
      environments: ["prod", "staging"],
      subscriptionsRemoved: 2,
    });
    // The cancelled request's page still names its environment.
    expect(await loadActionView(prisma, asked.id, null)).toMatchObject({ environmentName: "prod", status: "rejected" });
  });
});
