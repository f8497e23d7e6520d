// The tuples of lib/api are the one definition of roles, action kinds and statuses; the Prisma enums in
// prisma/schema.prisma must hold the same values in the same order, or a stored value would not parse.
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { ActionRefused } from "../actions/errors";
import type { AuditEventView } from "../audit/views";
import { AUDIT_EVENT_FIELDS, AUDIT_HASHED_FIELDS } from "../audit/views";
import { RegistryError } from "../environments/errors";
import * as PrismaEnums from "../generated/prisma/enums";
import { HttpError, toErrorResponse } from "../server/route";
import { ACTION_KINDS, ACTION_STATUSES, OPEN_ACTION_STATUSES, isOpenStatus } from "./actions";
import { ROLES, hasRole, isRole } from "./roles";
import { SOURCE_KINDS } from "./sources";
import { createEnvironmentBody, createUserBody, parseQuery, preflightQuery } from "./schemas";

describe("the contract's constants", () => {
  it("equal the Prisma enums, value for value and in order", () => {
    expect(Object.values(PrismaEnums.Role)).toEqual([...ROLES]);
    expect(Object.values(PrismaEnums.ActionKind)).toEqual([...ACTION_KINDS]);
    expect(Object.values(PrismaEnums.ActionStatus)).toEqual([...ACTION_STATUSES]);
    expect(Object.values(PrismaEnums.SourceKind)).toEqual([...SOURCE_KINDS]);
    expectTypeOf<PrismaEnums.Role>().toEqualTypeOf<(typeof ROLES)[number]>();
    expectTypeOf<PrismaEnums.ActionKind>().toEqualTypeOf<(typeof ACTION_KINDS)[number]>();
    expectTypeOf<PrismaEnums.ActionStatus>().toEqualTypeOf<(typeof ACTION_STATUSES)[number]>();
    expectTypeOf<PrismaEnums.SourceKind>().toEqualTypeOf<(typeof SOURCE_KINDS)[number]>();
  });

  it("order the roles: each can do what the ones before it can", () => {
    expect(hasRole("admin", "operator")).toBe(true);
    expect(hasRole("operator", "operator")).toBe(true);
    expect(hasRole("viewer", "operator")).toBe(false);
    expect(hasRole("operator", "admin")).toBe(false);
    expect(isRole("operator")).toBe(true);
    expect(isRole("root")).toBe(false);
    expect(isRole("toString")).toBe(false);
  });

  it("call an action open until it ends", () => {
    expect(ACTION_STATUSES.filter((s) => isOpenStatus(s))).toEqual([...OPEN_ACTION_STATUSES]);
    expect(isOpenStatus(null)).toBe(false);
  });

  it("list every field of an audit event, and hash all but seq, prevHash and hash", () => {
    expectTypeOf<(typeof AUDIT_EVENT_FIELDS)[number]>().toEqualTypeOf<keyof AuditEventView>();
    expect(new Set(AUDIT_EVENT_FIELDS).size).toBe(AUDIT_EVENT_FIELDS.length);
    expect(AUDIT_HASHED_FIELDS).toEqual(AUDIT_EVENT_FIELDS.filter((f) => !["seq", "prevHash", "hash"].includes(f)));
  });
});

describe("the schemas", () => {
  it("refuse what the forms refuse, with a sentence a person can act on", () => {
    const environment = { projectId: crypto.randomUUID(), name: "prod", databaseUrl: "postgresql://h/db" };
    expect(createEnvironmentBody.safeParse(environment).success).toBe(true);
    const bad = createEnvironmentBody.safeParse({ ...environment, name: "prod/eu", connectTimeoutMs: 50 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      "The name may use letters, digits, spaces, dots, dashes and underscores only.",
      "The connect timeout (ms) must be a whole number between 100 and 60000.",
    ]);
    const short = createUserBody.safeParse({ email: "a@b.example", password: "short", role: "viewer" });
    expect(short.error?.issues[0].message).toBe("The password needs at least 10 characters.");
  });

  it("read a query string: empty values count as absent, the first value of a name wins", () => {
    expect(parseQuery(preflightQuery, new URLSearchParams("kind=deploy&migration=&kind=resolve_applied"))).toEqual({
      kind: "deploy",
    });
    expect(() => parseQuery(preflightQuery, new URLSearchParams("kind=resolve_applied&migration="))).toThrow(
      z.ZodError,
    );
  });
});

describe("toErrorResponse", () => {
  it("maps HttpError by its own status and domain errors by theirs", async () => {
    const cases: Array<[unknown, number, string]> = [
      [new HttpError(400, "invalid_json", "The request body is not valid JSON."), 400, "invalid_json"],
      [new HttpError(409, "not_failed", "Only a failed migration has a failure to analyse."), 409, "not_failed"],
      [new RegistryError("not_found", "project_not_found", "No such project."), 404, "project_not_found"],
      [new ActionRefused("stale_state", "The environment changed."), 409, "stale_state"],
      [new z.ZodError([]), 400, "invalid_input"],
    ];
    for (const [error, status, code] of cases) {
      const response = toErrorResponse(error);
      expect(response.status).toBe(status);
      expect((await response.json()).error.code).toBe(code);
    }
  });
});
