// Acknowledging an edited applied migration, on the demo after the runbook's fixed release (real PostgreSQL):
// modified → edited (acknowledged), the environment no longer diverged because of it, kept in Runway's database
// (a fresh status service — a restart, another process — sees it), audited; a new edit reads modified again.
import { afterEach, describe, expect, it } from "vitest";
import { OPERATOR } from "../testing/actions-fixture";
import { createDemoFixture, filesOfDir, type DemoFixture } from "../testing/demo-fixture";
import { RUNBOOK_FAILING, RUNBOOK_MIGRATIONS_FIXED } from "../testing/migrations-fixture";
import { pushRelease } from "../releases/push-release";
import { acknowledgeEdits, listAcknowledgements, withdrawAcknowledgement } from "./acknowledge-edits";
import type { EnvironmentStatusView } from "./views";

const STATUS_TRACKING = "20260115000000_add_message_status_tracking";
const UNIFIED_INBOX = "20260115000003_add_unified_inbox";

let fixture: DemoFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

const stateOf = (status: EnvironmentStatusView, name: string) => status.migrations.find((m) => m.name === name)!.state;

function editOf(status: EnvironmentStatusView, name: string) {
  const m = status.migrations.find((x) => x.name === name)!;
  return { migration: name, appliedChecksum: m.appliedChecksum!, fileChecksum: m.localChecksum! };
}

describe("acknowledging an edited applied migration", { timeout: 120_000 }, () => {
  it("reads edited (acknowledged) instead of modified until the file is edited again; health follows; audited", async () => {
    const f = (fixture = await createDemoFixture());
    const fixedFiles = await filesOfDir(RUNBOOK_MIGRATIONS_FIXED);
    await pushRelease(f.state, { project: f.projectId, files: fixedFiles }, OPERATOR);

    // dev applied every original file: the three the runbook rewrote now read modified, and dev diverged.
    const before = await f.statuses().getEnvironmentStatus(f.env.dev);
    expect([STATUS_TRACKING, UNIFIED_INBOX, RUNBOOK_FAILING].map((n) => stateOf(before, n))).toEqual([
      "modified",
      "modified",
      "modified",
    ]);
    expect(before.health).toBe("diverged");

    // What the operator saw must still be what the environment reads: a wrong checksum records nothing.
    await expect(
      acknowledgeEdits(
        f.state,
        f.env.dev,
        { edits: [{ ...editOf(before, STATUS_TRACKING), fileChecksum: "0".repeat(64) }] },
        OPERATOR,
        null,
      ),
    ).rejects.toMatchObject({ kind: "conflict", code: "stale_edit" });
    await expect(
      acknowledgeEdits(
        f.state,
        f.env.dev,
        {
          edits: [
            { migration: "20260120000000_add_message_reactions", appliedChecksum: "a", fileChecksum: "b".repeat(64) },
          ],
        },
        OPERATOR,
        null,
      ),
    ).rejects.toMatchObject({ code: "not_edited" });
    expect(await f.state.prisma.migrationEditAcknowledgement.count()).toBe(0);

    const acknowledged = await acknowledgeEdits(
      f.state,
      f.env.dev,
      {
        edits: [STATUS_TRACKING, UNIFIED_INBOX, RUNBOOK_FAILING].map((n) => editOf(before, n)),
        reason: "  the runbook's idempotent rewrite  ",
      },
      OPERATOR,
      null,
    );
    expect(acknowledged.acknowledgements.map((a) => [a.migrationName, a.byLabel, a.reason])).toEqual([
      [STATUS_TRACKING, "op@test", "the runbook's idempotent rewrite"],
      [UNIFIED_INBOX, "op@test", "the runbook's idempotent rewrite"],
      [RUNBOOK_FAILING, "op@test", "the runbook's idempotent rewrite"],
    ]);
    // Acknowledging twice records nothing new.
    await acknowledgeEdits(f.state, f.env.dev, { edits: [editOf(before, STATUS_TRACKING)] }, OPERATOR, null);
    expect(await f.state.prisma.migrationEditAcknowledgement.count()).toBe(3);

    // A status service that never saw the request (a restart, another process) reads it from Runway's database.
    const after = await f.statuses().getEnvironmentStatus(f.env.dev);
    expect([STATUS_TRACKING, UNIFIED_INBOX, RUNBOOK_FAILING].map((n) => stateOf(after, n))).toEqual([
      "edited_acknowledged",
      "edited_acknowledged",
      "edited_acknowledged",
    ]);
    expect(after.migrations.find((m) => m.name === STATUS_TRACKING)!.acknowledgement).toMatchObject({
      byLabel: "op@test",
      reason: "the runbook's idempotent rewrite",
    });
    expect(after.health).toBe("up_to_date");
    expect(after.counts).toMatchObject({ modified: 0, edited_acknowledged: 3 });
    // Still at the newest release, and the state an action was checked against did not change.
    expect(after.release).toMatchObject({ at: { number: 2 }, behind: 0 });
    expect(after.fingerprint).toBe(before.fingerprint);
    // Only dev: staging still reads its edits as modified.
    const staging = await f.statuses().getEnvironmentStatus(f.env.staging);
    expect(stateOf(staging, STATUS_TRACKING)).toBe("modified");

    const audit = await f.state.prisma.auditEvent.findMany({
      where: { event: "edit_acknowledged" },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((e) => e.outcome)).toEqual(["refused", "refused", "accepted", "accepted"]);
    expect(audit[0].message).toContain("stale_edit");
    expect(audit[2]).toMatchObject({ environmentName: "dev", actorLabel: "op@test" });
    expect((audit[2].arguments as { edits: unknown[] }).edits).toContainEqual({
      ...editOf(before, STATUS_TRACKING),
      before: "modified",
      after: "edited_acknowledged",
    });

    // A new edit of one of them (another checksum): it reads modified again, and dev diverged again.
    const edited = { ...fixedFiles };
    edited[`${STATUS_TRACKING}/migration.sql`] += "-- edited once more\n";
    await pushRelease(f.state, { project: f.projectId, files: edited }, OPERATOR);
    const again = await f.statuses().getEnvironmentStatus(f.env.dev);
    expect(stateOf(again, STATUS_TRACKING)).toBe("modified");
    expect(stateOf(again, UNIFIED_INBOX)).toBe("edited_acknowledged");
    expect(again.health).toBe("diverged");

    // Withdrawn: that migration reads modified again too.
    const inbox = acknowledged.acknowledgements.find((a) => a.migrationName === UNIFIED_INBOX)!;
    await withdrawAcknowledgement(f.state, f.env.dev, inbox.id, OPERATOR, null);
    expect(stateOf(await f.statuses().getEnvironmentStatus(f.env.dev), UNIFIED_INBOX)).toBe("modified");
    expect((await listAcknowledgements(f.state, f.env.dev)).acknowledgements.map((a) => a.migrationName)).toEqual([
      STATUS_TRACKING,
      RUNBOOK_FAILING,
    ]);
    await expect(withdrawAcknowledgement(f.state, f.env.staging, inbox.id, OPERATOR, null)).rejects.toMatchObject({
      kind: "not_found",
    });
    const withdrawn = await f.state.prisma.auditEvent.findFirstOrThrow({
      where: { event: "edit_acknowledgement_withdrawn" },
    });
    expect(withdrawn.arguments).toMatchObject({ migration: UNIFIED_INBOX, before: { id: inbox.id }, after: null });
  });
});
