// One environment whose stored URL fails decryption must not take the overview down (issue 13, item 10).
import { afterEach, beforeEach, expect, inject, it, vi } from "vitest";
import { RUNBOOK_MIGRATIONS } from "../testing/migrations-fixture";
import { createOwnState, type OwnState } from "../testing/own-state";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createEnvironment, createProject } from "./registry";
import { createStatusService } from "./status-service";

let state: OwnState;
let target: TestDatabase;
beforeEach(async () => {
  state = await createOwnState();
  target = await createTestDatabase(inject("adminUrl"));
});
afterEach(async () => {
  await state.close();
  await target.drop();
});

it("shows the one environment as undecryptable, the others normally, and logs an integrity failure", async () => {
  const project = await createProject(
    state,
    { name: "app", source: { kind: "folder", path: RUNBOOK_MIGRATIONS } },
    null,
  );
  const good = await createEnvironment(state, { projectId: project.id, name: "good", databaseUrl: target.url });
  const bad = await createEnvironment(state, { projectId: project.id, name: "bad", databaseUrl: target.url });
  // A flipped byte in the ciphertext, as a database edit or a restore from another installation would leave it.
  const [{ encryptedUrl }] = await state.prisma.environment.findMany({
    where: { id: bad.id },
    select: { encryptedUrl: true },
  });
  const parts = encryptedUrl.split(".");
  parts[3] = (parts[3][0] === "A" ? "B" : "A") + parts[3].slice(1);
  await state.prisma.environment.update({ where: { id: bad.id }, data: { encryptedUrl: parts.join(".") } });

  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  const service = createStatusService(state, { ttlMs: 0 });
  const overview = await service.getOverview();
  const environments = overview.projects[0].environments;
  const badView = environments.find((e) => e.environment.id === bad.id)!;
  const goodView = environments.find((e) => e.environment.id === good.id)!;
  expect(badView.reachable).toBe(false);
  expect(badView.error?.message).toContain("cannot decrypt its URL (integrity check failed)");
  expect(goodView.reachable).toBe(true);
  expect(goodView.error).toBeNull();
  const lines = logged.mock.calls.map((call) => call.join(" "));
  expect(lines.some((line) => line.includes("integrity check failed"))).toBe(true);
  expect(lines.some((line) => /key it was encrypted with\.$/.test(line))).toBe(false);
  logged.mockRestore();

  // Its own page reads the same, rather than failing.
  const status = await service.getEnvironmentStatus(bad.id);
  expect(status.error?.title).toBe("Cannot decrypt its URL (integrity check failed)");
});
