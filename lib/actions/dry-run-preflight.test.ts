// The deploy preflight's real dry run: refuses only what Prisma's engine fails to apply; an operator may proceed
// with a reason (audited). The static checks' false refusals of the trial are allowed now.
import { afterEach, describe, expect, it } from "vitest";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { readMigrationStatus } from "../migrations/status";
import { createActionsFixture, OPERATOR, type ActionsFixture } from "../testing/actions-fixture";
import { writeMigrationsFolder } from "../testing/migrations-fixture";
import { useShadowService } from "../testing/use-shadow";
import { ActionRefused } from "./errors";
import { computePreflightAgainstTarget } from "./preflight";
import { requestAction } from "./request-action";
import { runAction } from "./run-action";

let fixture: ActionsFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

describe("deploy preflight: the real dry run", { timeout: 120_000 }, () => {
  const shadow = useShadowService();

  async function setUp(migrations: Record<string, string>, appliedCount: number) {
    const dir = writeMigrationsFolder(migrations);
    const folder = await readMigrationsFolder(dir);
    const f = (fixture = await createActionsFixture({
      migrationsDir: dir,
      prepare: (url) =>
        deployMigrations(url, { ...folder, migrations: folder.migrations.slice(0, appliedCount) }).then(() => {}),
    }));
    f.ctx.shadow = shadow().provide;
    const status = await readMigrationStatus(f.target.url, folder);
    const preflight = () =>
      computePreflightAgainstTarget({
        url: f.target.url,
        kind: "deploy",
        migrationName: null,
        environment: { id: f.environmentId, name: "prod", isProtected: false },
        status,
        folder,
        openAction: null,
        shadow: shadow().provide,
      });
    return { f, folder, status, preflight };
  }

  it("allows what the static checks refused in the trial: DROP INDEX then CREATE INDEX, and a qualified name for a table created unqualified", async () => {
    const { f, status, preflight } = await setUp(
      {
        "20260101000000_base":
          'CREATE TABLE "Base" (id int, name text);\nCREATE INDEX "Base_name_idx" ON "Base" (name);',
        "20260102000000_reindex": 'DROP INDEX "Base_name_idx";\nCREATE INDEX "Base_name_idx" ON "Base" (name, id);',
        "20260103000000_table": 'CREATE TABLE "Thing" (id int);',
        "20260104000000_qualified": 'ALTER TABLE "public"."Thing" ADD COLUMN "label" TEXT;',
      },
      1,
    );
    const view = await preflight();
    expect(view.refusal).toBeNull();
    expect(view.allowed).toBe(true);
    expect(view.dryRun).toMatchObject({
      verdict: "succeeds",
      appliedMigrationNames: ["20260102000000_reindex", "20260103000000_table", "20260104000000_qualified"],
    });
    // The static checks' name resolution: neither a missing table nor an existing index is reported.
    expect(view.warnings.filter((w) => ["missing_object", "object_exists"].includes(w.code))).toEqual([]);
    const accepted = await requestAction(
      f.ctx,
      { environmentId: f.environmentId, kind: "deploy", expectedFingerprint: status.fingerprint },
      OPERATOR,
      null,
    );
    await runAction(f.ctx, accepted.id, "test-worker");
    expect((await f.state.prisma.action.findUniqueOrThrow({ where: { id: accepted.id } })).status).toBe("succeeded");
  });

  it("refuses what the engine fails to apply, with the migration and the database error, and lets an operator proceed with a reason", async () => {
    const { f, status, preflight } = await setUp(
      {
        "20260101000000_base": 'CREATE TABLE "Base" (id int);',
        "20260102000000_ok": 'CREATE TABLE "Fine" (id int);',
        "20260103000000_broken": 'ALTER TABLE "Base" ADD COLUMN "x" int;\nALTER TABLE "Nowhere" ADD COLUMN "y" int;',
      },
      1,
    );
    const view = await preflight();
    expect(view.allowed).toBe(false);
    expect(view.refusal).toMatchObject({ code: "dry_run_failed", overridable: true });
    expect(view.refusal!.message).toContain("20260103000000_broken");
    expect(view.refusal!.message).toContain('relation "Nowhere" does not exist');
    expect(view.dryRun?.failure).toMatchObject({
      migrationName: "20260103000000_broken",
      code: "42P01",
      line: 2,
      statement: 'ALTER TABLE "Nowhere" ADD COLUMN "y" int',
    });
    // The static check still speaks, as a warning.
    expect(view.warnings.some((w) => w.code === "missing_object" && w.migrationName === "20260103000000_broken")).toBe(
      true,
    );

    const refused = await requestAction(
      f.ctx,
      { environmentId: f.environmentId, kind: "deploy", expectedFingerprint: status.fingerprint },
      OPERATOR,
      null,
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ActionRefused);
    expect((refused as ActionRefused).code).toBe("dry_run_failed");
    expect(f.ctx.queued).toEqual([]);

    const accepted = await requestAction(
      f.ctx,
      {
        environmentId: f.environmentId,
        kind: "deploy",
        expectedFingerprint: status.fingerprint,
        overrideReason: "Nowhere is created by the DBA's script on prod",
      },
      OPERATOR,
      null,
    );
    expect(accepted.status).toBe("queued");
    const audit = await f.state.prisma.auditEvent.findFirstOrThrow({
      where: { event: "request", actionId: accepted.id },
    });
    expect(audit.arguments).toMatchObject({
      dryRun: { verdict: "fails", failedMigration: "20260103000000_broken" },
      override: { refusal: "dry_run_failed", reason: "Nowhere is created by the DBA's script on prod" },
    });
  });
});
