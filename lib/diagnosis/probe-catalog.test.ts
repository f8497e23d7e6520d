// The catalog snapshot on a real database: what it finds, and that it never queues queries on its client
// (pg deprecates queries sent while another is in flight, and pg 9 refuses them).
import pg from "pg";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../testing/use-test-database";
import { extensionAvailable, loadCatalogSnapshot, probeEffect, scopeOfEffects } from "./probe-catalog";

const database = useTestDatabase();

describe("loadCatalogSnapshot", () => {
  it("reads every catalog list (or a scope's) with one query at a time on the client", async () => {
    const client = new pg.Client({ connectionString: database().url });
    await client.connect();
    try {
      await client.query(`CREATE TYPE "Status" AS ENUM ('sent', 'read');
        CREATE TABLE "Message" (id int PRIMARY KEY, status "Status", body text);
        CREATE INDEX "Message_body_idx" ON "Message" (body);
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER "Message_touch" BEFORE UPDATE ON "Message" FOR EACH ROW EXECUTE FUNCTION touch();`);
      // Counts the queries in flight on this client while the snapshot is read.
      let inFlight = 0;
      let mostInFlight = 0;
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
      (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args) => {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
          return await query(...args);
        } finally {
          inFlight--;
        }
      };
      const snapshot = await loadCatalogSnapshot(client);
      expect(mostInFlight).toBe(1);
      expect(snapshot.currentSchema).toBe("public");
      const table = { kind: "create", objectType: "table", schema: null, table: "Message", name: "Message" } as const;
      expect(probeEffect(snapshot, table)).toBe("present");
      expect(probeEffect(snapshot, { ...table, name: "Missing" })).toBe("absent");
      expect(probeEffect(snapshot, { ...table, objectType: "column", name: "status" })).toBe("present");
      expect(probeEffect(snapshot, { ...table, objectType: "constraint", name: "Message_pkey" })).toBe("present");
      expect(probeEffect(snapshot, { ...table, objectType: "index", table: null, name: "Message_body_idx" })).toBe(
        "present",
      );
      expect(probeEffect(snapshot, { ...table, objectType: "enum_value", table: "Status", name: "read" })).toBe(
        "present",
      );
      expect(probeEffect(snapshot, { ...table, objectType: "trigger", name: "Message_touch" })).toBe("present");
      expect(probeEffect(snapshot, { ...table, objectType: "function", table: null, name: "touch" })).toBe("present");
      expect(extensionAvailable(snapshot, "plpgsql")).toBe(true);

      // Read for one column of Message: Message's rows only; what it did not read is unknown, never absent.
      const column = { ...table, objectType: "column", name: "status" } as const;
      const scoped = await loadCatalogSnapshot(client, scopeOfEffects([column]));
      expect(mostInFlight).toBe(1);
      expect([...scoped.relations]).toEqual(["public\u0000Message"]);
      expect(scoped.types.size + scoped.functions.size).toBe(0);
      expect(probeEffect(scoped, column)).toBe("present");
      expect(probeEffect(scoped, { ...column, name: "gone" })).toBe("absent");
      expect(probeEffect(scoped, { ...table, objectType: "function", table: null, name: "touch" })).toBe("unknown");
      expect(probeEffect(scoped, { ...table, name: "Other" })).toBe("unknown");
    } finally {
      await client.end();
    }
  });
});
