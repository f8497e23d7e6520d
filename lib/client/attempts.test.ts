import { describe, expect, it } from "vitest";
import type { AttemptView, MigrationView } from "@/lib/environments/views";
import { buildTimeline, decideAttemptState, listUpcoming } from "./attempts";

function attempt(id: string, startedAt: string, extra: Partial<AttemptView> = {}): AttemptView {
  return {
    id,
    checksum: "c",
    startedAt,
    finishedAt: null,
    rolledBackAt: null,
    logs: null,
    appliedStepsCount: 0,
    markedApplied: false,
    durationMs: null,
    ...extra,
  };
}

function migration(
  name: string,
  state: MigrationView["state"],
  attempts: AttemptView[],
  extra: Partial<MigrationView> = {},
): MigrationView {
  const current = attempts.at(-1) ?? null;
  return {
    name,
    state,
    willApplyOnDeploy: state === "pending" || state === "rolled_back",
    checksumMismatch: false,
    localChecksum: "c",
    appliedChecksum: current?.checksum ?? null,
    startedAt: current?.startedAt ?? null,
    finishedAt: current?.finishedAt ?? null,
    rolledBackAt: current?.rolledBackAt ?? null,
    logs: current?.logs ?? null,
    attempts,
    sinceFailure: null,
    acknowledgement: null,
    ...extra,
  };
}

describe("timeline", () => {
  const rolled = attempt("1", "2026-01-15T10:00:00Z", { rolledBackAt: "2026-01-15T10:05:00Z", logs: "boom" });
  const failed = attempt("2", "2026-01-15T11:00:00Z", { logs: "boom again" });
  const m6 = migration("20260115000006_x", "failed", [rolled, failed]);
  const m0 = migration("20260110000000_init", "applied", [
    attempt("0", "2026-01-10T00:00:00Z", { finishedAt: "2026-01-10T00:00:01Z" }),
  ]);
  const pending = migration("20260120000000_y", "pending", []);

  it("orders every attempt newest first", () => {
    expect(buildTimeline([m0, m6, pending]).map((e) => e.attempt.id)).toEqual(["2", "1", "0"]);
  });

  it("derives each attempt's own state", () => {
    const [newest, older] = buildTimeline([m6]);
    expect(decideAttemptState(m6, newest.attempt, newest.isDeciding)).toBe("failed");
    expect(decideAttemptState(m6, older.attempt, older.isDeciding)).toBe("rolled_back");
    const manual = attempt("m", "2026-01-10T00:00:00Z", { finishedAt: "2026-01-10T00:00:00Z", markedApplied: true });
    expect(decideAttemptState(m0, manual, true)).toBe("applied_manually");
    const running = migration("r", "in_progress", [attempt("r1", "2026-01-16T00:00:00Z")]);
    expect(decideAttemptState(running, running.attempts[0], true)).toBe("in_progress");
  });

  it("lists what the next deploy runs, in order", () => {
    const again = migration("20260101000000_a", "rolled_back", [rolled]);
    expect(listUpcoming([pending, m0, again]).map((m) => m.name)).toEqual(["20260101000000_a", "20260120000000_y"]);
  });
});
