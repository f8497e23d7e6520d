// Runway's own migrations, applied in order, must build exactly prisma/schema.prisma: branches that each add a
// migration are merged, and a migration missing or out of step with the schema would only show on a live install.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffSchemas } from "../migrations/engine";
import { introspectDatamodel } from "../schema/compare";
import { createOwnState, type OwnState } from "../testing/own-state";

const SCHEMA = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");

describe("Runway's own migrations", () => {
  let state: OwnState;
  beforeAll(async () => {
    state = await createOwnState();
  });
  afterAll(() => state?.close());

  it("build the schema in prisma/schema.prisma, nothing more or less", async () => {
    const live = await introspectDatamodel(state.database.url);
    const sql = await diffSchemas(
      state.database.url,
      { path: "live.prisma", content: live },
      { path: "schema.prisma", content: fs.readFileSync(SCHEMA, "utf8") },
    );
    const statements = sql.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("--"));
    expect(statements).toEqual([]);
  });
});
