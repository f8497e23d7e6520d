// Bad uploads and URLs are refused with a 4xx-kind error, nothing stored (issue 13, items 11 and 15).
import { afterEach, beforeEach, expect, it } from "vitest";
import { MigrateError } from "../migrations/errors";
import { createOwnState, type OwnState } from "../testing/own-state";
import { RegistryError } from "./errors";
import { applySchema, createProject } from "./registry";

let state: OwnState;
beforeEach(async () => {
  state = await createOwnState();
});
afterEach(async () => {
  await state.close();
});

const SQL = "CREATE TABLE a (id int);";

async function uploadError(files: Record<string, string>): Promise<RegistryError> {
  const error = await createProject(state, { name: "up", source: { kind: "upload", files } }, null).catch((e) => e);
  expect(error).toBeInstanceOf(RegistryError);
  expect(await state.prisma.project.count()).toBe(0);
  return error;
}

it("refuses a file containing NUL with a clear message, storing nothing", async () => {
  const error = await uploadError({ "20260101000000_a/migration.sql": `${SQL}\u0000binary` });
  expect(error.code).toBe("not_a_migrations_folder");
  expect(error.message).toMatch(/NUL byte/);
});

it("refuses entries under dot-folders instead of counting them as migrations", async () => {
  const error = await uploadError({ "20260101000000_a/migration.sql": SQL, ".git/migration.sql": SQL });
  expect(error.code).toBe("not_a_migrations_folder");
  expect(error.message).toMatch(/starts with a dot/);
});

it("answers a non-URL with a schema as an invalid database URL (P1013)", () => {
  let thrown: unknown;
  try {
    applySchema("not a url", "app");
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(MigrateError);
  expect((thrown as MigrateError).code).toBe("P1013");
});
