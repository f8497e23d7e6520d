import { describe, expect, it } from "vitest";
import type { ActionView } from "@/lib/actions/views";
import { canOperate, describeActionStatus, isOpenStatus, lastLogId, mergeActionLog } from "./actions";

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
