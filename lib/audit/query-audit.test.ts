// Reading and filtering the log on real PostgreSQL, and the query string that drives it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { Actor } from "../actions/actor";
import { createOwnState, type OwnState } from "../testing/own-state";
import { buildAuditUrl, toAuditApiSearch } from "./audit-url";
import { parseAuditSearch } from "./parse-audit-search";
import { queryAudit, queryAuditPage } from "./query-audit";
import { recordAudit, type AuditInput } from "./record-audit";

const ALICE: Actor = { key: "user:alice-id", label: "alice@example.com", role: "operator", userId: "alice-id" };
const BOB: Actor = { key: "user:bob-id", label: "bob@example.com", role: "admin", userId: "bob-id" };
const CI: Actor = { key: "token:ci-id", label: "token ci", role: "operator", userId: "bob-id" };
const PROD = { id: "env-prod", name: "prod" };
const STAGING = { id: "env-staging", name: "staging" };

let state: OwnState;
beforeEach(async () => {
  state = await createOwnState();
});
afterEach(async () => {
  await state.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function seed() {
  const inputs: AuditInput[] = [
    {
      event: "request",
      actor: ALICE,
      environment: PROD,
      actionKind: "deploy",
      outcome: "awaiting_approval",
      arguments: { migration: null },
    },
    { event: "approval", actor: BOB, environment: PROD, actionKind: "deploy", outcome: "approved" },
    { event: "start", environment: PROD, actionKind: "deploy", outcome: "running" },
    { event: "outcome", environment: PROD, actionKind: "deploy", outcome: "succeeded", durationMs: 1200 },
    {
      event: "refusal",
      actor: CI,
      environment: STAGING,
      actionKind: "resolve_rolled_back",
      outcome: "refused",
      message: "stale_state",
    },
    { event: "token_created", actor: BOB, outcome: "accepted", arguments: { name: "ci" } },
  ];
  const times: Date[] = [];
  for (const input of inputs) {
    await recordAudit(state.prisma, input);
    times.push((await state.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).at);
    await pause(3);
  }
  return times;
}

describe("queryAudit", () => {
  it("returns views newest first and filters by each field", async () => {
    const times = await seed();
    const all = await queryAudit(state.prisma);
    expect(all.map((e) => e.event)).toEqual(["token_created", "refusal", "outcome", "start", "approval", "request"]);
    expect(all[0]).toMatchObject({
      seq: expect.stringMatching(/^\d+$/),
      at: times[5].toISOString(),
      arguments: { name: "ci" },
      engineLog: null,
    });

    const events = async (filter: Parameters<typeof queryAudit>[1]) =>
      (await queryAudit(state.prisma, filter)).map((e) => e.event);
    expect(await events({ environmentId: PROD.id })).toEqual(["outcome", "start", "approval", "request"]);
    expect(await events({ actor: "BOB@" })).toEqual(["token_created", "approval"]);
    expect(await events({ actor: "user:alice-id" })).toEqual(["request"]);
    expect(await events({ actor: "token" })).toEqual(["refusal"]);
    expect(await events({ event: "approval" })).toEqual(["approval"]);
    expect(await events({ actionKind: "resolve_rolled_back" })).toEqual(["refusal"]);
    expect(await events({ outcome: "succeeded" })).toEqual(["outcome"]);
    expect(await events({ environmentId: PROD.id, outcome: "refused" })).toEqual([]);
    // from inclusive, to exclusive.
    expect(await events({ from: times[1], to: times[3] })).toEqual(["start", "approval"]);
    expect(await events({ from: times[4] })).toEqual(["token_created", "refusal"]);
  });

  it("pages with limit and beforeSeq", async () => {
    await seed();
    const first = await queryAuditPage(state.prisma, { limit: 4 });
    expect(first.events.map((e) => e.event)).toEqual(["token_created", "refusal", "outcome", "start"]);
    expect(first.nextBeforeSeq).toBe(first.events[3].seq);
    const second = await queryAuditPage(state.prisma, { limit: 4, beforeSeq: first.nextBeforeSeq! });
    expect(second.events.map((e) => e.event)).toEqual(["approval", "request"]);
    expect(second.nextBeforeSeq).toBeNull();
    expect(await queryAudit(state.prisma, { limit: 5000 })).toHaveLength(6);
  });
});

describe("parseAuditSearch", () => {
  it("reads the filters of a URL built by the client, with days covering the whole day", () => {
    const url = buildAuditUrl(
      {
        environmentId: "env-prod",
        actor: " alice ",
        outcome: "",
        from: "2026-01-10",
        to: "2026-01-12",
        limit: 50,
        beforeSeq: "120",
      },
      { format: "csv" },
    );
    expect(url).not.toContain("outcome");
    const parsed = parseAuditSearch(new URL(url, "http://runway.test").searchParams);
    expect(parsed).toEqual({
      filter: {
        environmentId: "env-prod",
        actor: "alice",
        event: undefined,
        actionKind: undefined,
        outcome: undefined,
        from: new Date("2026-01-10T00:00:00.000Z"),
        to: new Date("2026-01-13T00:00:00.000Z"),
        limit: 50,
        beforeSeq: "120",
      },
      format: "csv",
      download: true,
      limitGiven: true,
    });
    const json = parseAuditSearch(new URLSearchParams("to=2026-01-12T10:00:00%2B02:00&format=json&download=1"));
    expect(json).toMatchObject({
      format: "json",
      download: true,
      limitGiven: false,
      filter: { to: new Date("2026-01-12T08:00:00.000Z") },
    });
    expect(parseAuditSearch(new URLSearchParams("")).download).toBe(false);
  });

  it("refuses malformed values", () => {
    for (const query of ["limit=0", "limit=1001", "limit=abc", "from=yesterday", "beforeSeq=-1", "format=xml"])
      expect(() => parseAuditSearch(new URLSearchParams(query)), query).toThrow(ZodError);
  });
});

describe("toAuditApiSearch", () => {
  it("turns picked days into the user's local day bounds, `to` exclusive", () => {
    const api = toAuditApiSearch({ actor: "a", from: "2026-01-31", to: "2026-01-31" });
    expect(new Date(api.from!).getTime()).toBe(new Date(2026, 0, 31).getTime());
    expect(new Date(api.to!).getTime()).toBe(new Date(2026, 1, 1).getTime());
    expect(api.actor).toBe("a");
    expect(toAuditApiSearch({ from: "2026-01-31T10:00:00.000Z" }).from).toBe("2026-01-31T10:00:00.000Z");
  });
});
