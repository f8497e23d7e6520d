// Events come from the health and per-migration states alone: a health this module has never heard of as a
// trouble (e.g. "drifted" from schema drift detection) still becomes its event, and leaving it is "recovered".
import { describe, expect, it } from "vitest";
import type { EnvironmentStatusView } from "../environments/views";
import { deriveEvents, toSnapshot } from "./derive-events";

function status(
  health: string,
  migrations: Record<string, string>,
  extra: Partial<EnvironmentStatusView> = {},
): EnvironmentStatusView {
  return {
    environment: {
      id: "e1",
      projectId: "p1",
      projectName: "shop",
      name: "prod",
      position: 0,
      isProtected: true,
      urlDisplay: "",
      schema: "public",
      connectTimeoutMs: 1,
      statementTimeoutMs: 1,
    },
    reachable: health !== "unreachable",
    error: health === "unreachable" ? { code: "P1001", title: "Unreachable", message: "" } : null,
    checkedAt: new Date().toISOString(),
    health: health as EnvironmentStatusView["health"],
    blocked: health === "blocked",
    migrations: Object.entries(migrations).map(([name, state]) => ({ name, state })),
    ...extra,
  } as unknown as EnvironmentStatusView;
}

describe("deriveEvents", () => {
  it("turns a drifted health into a drifted event, and its end into recovered", () => {
    const clean = status("up_to_date", { a: "applied" });
    const drifted = status("drifted", { a: "applied" });
    const first = toSnapshot(clean, null);
    expect(deriveEvents(first, drifted).map((e) => e.kind)).toEqual(["drifted"]);
    expect(deriveEvents(toSnapshot(drifted, first), clean).map((e) => e.kind)).toEqual(["recovered"]);
  });

  it("says nothing on a first healthy reading, and reports a first reading in trouble", () => {
    expect(deriveEvents(null, status("pending", { a: "applied", b: "pending" }))).toEqual([]);
    expect(deriveEvents(null, status("unreachable", {})).map((e) => e.kind)).toEqual(["unreachable"]);
  });

  it("keeps the last known migrations across an unreachable reading, so a deploy meanwhile is seen", () => {
    const before = toSnapshot(status("pending", { a: "applied", b: "pending" }), null);
    const down = toSnapshot(status("unreachable", {}), before);
    expect(down.states).toEqual(before.states);
    const events = deriveEvents(down, status("up_to_date", { a: "applied", b: "applied" }));
    expect(events.map((e) => [e.kind, e.migrations])).toEqual([
      ["deployed", ["b"]],
      ["recovered", []],
    ]);
  });

  it("one event for a failure that blocks deploys, not two", () => {
    const before = toSnapshot(status("pending", { a: "applied", b: "pending" }), null);
    const events = deriveEvents(before, status("blocked", { a: "applied", b: "failed" }));
    expect(events.map((e) => e.kind)).toEqual(["failed"]);
    expect(events[0].message).toContain("blocked");
  });
});
