// The demo (lib/demo/seed-demo.ts) in a fresh Runway state: the runbook's app as an upload project with dev (all
// applied), staging (one behind) and protected prod (P3009), in three databases of the suite's server.
import crypto from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import type { ActionsContext } from "../actions/context";
import { runAction } from "../actions/run-action";
import { DEMO_PROJECT, seedDemo } from "../demo/seed-demo";
import { createStatusService, type StatusService } from "../environments/status-service";
import { readMigrationsFolder } from "../migrations/folder";
import { withDatabaseName } from "../migrations/database-url";
import { filesOfFolder } from "../releases/release-files";
import { createOwnState, type OwnState } from "./own-state";

export interface DemoFixture {
  state: OwnState;
  ctx: ActionsContext & { queued: string[] };
  projectId: string;
  env: { dev: string; staging: string; prod: string };
  urls: { dev: string; staging: string; prod: string };
  /** A status service of its own (as after a restart: nothing cached). */
  statuses(): StatusService;
  runQueued(): Promise<void>;
  close(): Promise<void>;
}

/** A migrations folder as the files a push or an upload sends. */
export async function filesOfDir(dir: string): Promise<Record<string, string>> {
  return filesOfFolder(await readMigrationsFolder(dir));
}

export async function createDemoFixture(): Promise<DemoFixture> {
  const state = await createOwnState();
  const adminUrl = inject("adminUrl");
  const prefix = `rw_demo_${crypto.randomBytes(4).toString("hex")}`;
  await seedDemo(state, adminUrl, prefix);
  const project = await state.prisma.project.findUniqueOrThrow({
    where: { name: DEMO_PROJECT },
    include: { environments: true },
  });
  const idOf = (name: string) => project.environments.find((e) => e.name === name)!.id;
  const queued: string[] = [];
  const ctx = { ...state, queued, enqueue: async (id: string) => void queued.push(id) };
  return {
    state,
    ctx,
    projectId: project.id,
    env: { dev: idOf("dev"), staging: idOf("staging"), prod: idOf("prod") },
    urls: {
      dev: withDatabaseName(adminUrl, `${prefix}_dev`),
      staging: withDatabaseName(adminUrl, `${prefix}_staging`),
      prod: withDatabaseName(adminUrl, `${prefix}_prod`),
    },
    statuses: () => createStatusService(state, { ttlMs: 60_000 }),
    async runQueued() {
      for (const id of queued.splice(0)) await runAction(ctx, id, "test-worker");
    },
    async close() {
      await state.close();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        for (const env of ["dev", "staging", "prod"])
          await admin.query(`DROP DATABASE IF EXISTS "${prefix}_${env}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
