// Vitest hook: a fresh database for each test, dropped afterwards.
import { afterEach, beforeEach, inject } from "vitest";
import { createTestDatabase, type TestDatabase } from "./test-database";

export function useTestDatabase(): () => TestDatabase {
  let current: TestDatabase | null = null;
  beforeEach(async () => {
    current = await createTestDatabase(inject("adminUrl"));
  });
  afterEach(async () => {
    await current?.drop();
    current = null;
  });
  return () => {
    if (!current) throw new Error("useTestDatabase: no database outside a test");
    return current;
  };
}
