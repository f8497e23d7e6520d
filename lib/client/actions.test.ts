import { describe, expect, it } from "vitest";
import type { ActionView, PreflightRowChange, PreflightView } from "@/lib/actions/views";
import {
  canOperate,
  describeActionStatus,
  describeSubmitBlocker,
  groupRowChanges,
  isOpenStatus,
  lastLogId,
  mergeActionLog,
  type SubmitState,
} from "./actions";

function view(partial: Partial<ActionView>): ActionView {
  return {
    id: "a1",
    environmentId: "e1",
    environmentName: "prod",
    kind: "deploy",
    migrationName: null,
    release: null,
    status: "running",
    requestedByLabel: "op@example.com",
    requestedByRole: "operator",
    requestedByMe: true,
    expectedFingerprint: "fp",
    fingerprintAfter: null,
    approvalExpiresAt: null,
    decidedByLabel: null,
    decidedAt: null,
    error: null,
    result: null,
    createdAt: "2026-01-15T10:00:00Z",
    startedAt: null,
    finishedAt: null,
    log: [],
    ...partial,
  };
}

const line = (id: number) => ({
  id,
  at: "2026-01-15T10:00:00Z",
  level: "INFO",
  message: `line ${id}`,
  migrationName: null,
});

describe("mergeActionLog", () => {
  it("appends the lines of each poll to the ones already received", () => {
    const first = mergeActionLog(undefined, view({ log: [line(1), line(2)] }));
    const second = mergeActionLog(first, view({ log: [line(3)] }));
    const third = mergeActionLog(second, view({ status: "succeeded", log: [] }));
    expect(third.log.map((l) => l.id)).toEqual([1, 2, 3]);
    expect(third.status).toBe("succeeded");
    expect(lastLogId(third)).toBe(3);
  });

  it("ignores lines it already has and keeps id order", () => {
    const first = view({ log: [line(1), line(3)] });
    expect(mergeActionLog(first, view({ log: [line(3), line(2), line(4)] })).log.map((l) => l.id)).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it("does not mix two actions", () => {
    expect(mergeActionLog(view({ log: [line(1)] }), view({ id: "a2", log: [line(9)] })).log.map((l) => l.id)).toEqual([
      9,
    ]);
  });
});

describe("action wording", () => {
  it("reads statuses and roles", () => {
    expect(describeActionStatus("awaiting_approval")).toBe("awaiting approval");
    expect(isOpenStatus("queued")).toBe(true);
    expect(isOpenStatus("interrupted")).toBe(false);
    expect(canOperate("viewer")).toBe(false);
    expect(canOperate("operator")).toBe(true);
  });
});

describe("the request dialog's submit button", () => {
  const preflight = (partial: Partial<PreflightView> = {}): PreflightView => ({
    kind: "deploy",
    migrationName: null,
    environmentId: "e1",
    environmentName: "prod",
    isProtected: true,
    fingerprint: "fp",
    allowed: true,
    refusal: null,
    dryRun: null,
    rowChanges: [],
    migrationsToApply: [],
    warnings: [],
    cliCommand: "npx prisma migrate deploy",
    needsApproval: true,
    openAction: null,
    release: null,
    ...partial,
  });
  const ready: SubmitState = {
    preflight: preflight(),
    loading: false,
    overriding: false,
    overrideReason: "",
    confirmation: "prod",
    sending: false,
  };

  it("says why it is disabled, the first unmet condition first", () => {
    expect(describeSubmitBlocker(ready)).toBeNull();
    expect(describeSubmitBlocker({ ...ready, confirmation: "pro" })).toBe("Type prod to confirm.");
    expect(describeSubmitBlocker({ ...ready, preflight: undefined, loading: true })).toMatch(
      /Waiting for the preflight/,
    );
    expect(describeSubmitBlocker({ ...ready, preflight: undefined, loading: false })).toMatch(/could not be computed/);
    expect(describeSubmitBlocker({ ...ready, loading: true })).toMatch(/recomputed/);
    expect(describeSubmitBlocker({ ...ready, sending: true })).toBe("Sending the request…");
    const refused = preflight({ allowed: false, refusal: { code: "P3009", message: "blocked" } });
    expect(describeSubmitBlocker({ ...ready, preflight: refused })).toBe("Refused (P3009): see why above.");
    const open = preflight({ openAction: { id: "a", kind: "deploy", status: "running", requestedByLabel: "x" } });
    expect(describeSubmitBlocker({ ...ready, preflight: open })).toMatch(/Another action is open/);
    const dryRunFailed = preflight({
      allowed: false,
      refusal: { code: "dry_run_failed", message: "", overridable: true },
    });
    expect(describeSubmitBlocker({ ...ready, preflight: dryRunFailed, overriding: true })).toMatch(/Give a reason/);
    expect(
      describeSubmitBlocker({ ...ready, preflight: dryRunFailed, overriding: true, overrideReason: "data differs" }),
    ).toBeNull();
    expect(
      describeSubmitBlocker({ ...ready, preflight: preflight({ isProtected: false }), confirmation: "" }),
    ).toBeNull();
  });

  it("reads 180 identical row changes as one group", () => {
    const row = (migrationName: string, change: PreflightRowChange["change"]): PreflightRowChange => ({
      rowId: null,
      migrationName,
      change,
      startedAt: null,
    });
    const rows = [
      row("m0", "set_rolled_back_at"),
      ...Array.from({ length: 180 }, (_, i) => row(`m${i + 1}`, "insert_and_run")),
    ];
    expect(groupRowChanges(rows).map((g) => [g.change, g.rows.length])).toEqual([
      ["set_rolled_back_at", 1],
      ["insert_and_run", 180],
    ]);
  });
});
