// The overview's compact matrix on real rows — the runbook's dev, staging and prod written by Prisma's engine, an
// environment that ran a hotfix the source lacks, a database without `_prisma_migrations`, one that cannot be
// reached — decoded as a client would, and the rules the matrix screen applies to it.
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MATRIX_STATE_CODES } from "../api/matrix-codes";
import { seedDemo } from "../demo/seed-demo";
import { computeChecksum } from "../migrations/checksum";
import { deployMigrations } from "../migrations/engine";
import { readMigrationsFolder } from "../migrations/folder";
import { MIGRATION_STATES } from "../migrations/types";
import { RUNBOOK_FAILING, RUNBOOK_MIGRATIONS } from "../testing/migrations-fixture";
import { createOwnState, type OwnState } from "../testing/own-state";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import {
  analyseMatrix,
  analyseRow,
  buildMatrixItems,
  decodeMatrix,
  describeRun,
  findFirstProblem,
  MIN_RUN,
  problemColumn,
  toMatrixColumn,
  type MatrixColumn,
  type MatrixItem,
} from "./overview-matrix";
import { createEnvironment } from "./registry";
import { createStatusService } from "./status-service";
import type { EnvironmentStatusView, MatrixView, OverviewView } from "./views";

const HOTFIX = "20260116000000_hotfix_only_in_db";
const LAST = "20260120000000_add_message_reactions";
const FIRST = "20260110000000_init";

describe("the compact matrix, on real rows", () => {
  let state: OwnState;
  let prefix: string;
  const targets: TestDatabase[] = [];
  let overview: OverviewView;
  let statuses: EnvironmentStatusView[];

  beforeAll(async () => {
    state = await createOwnState();
    const serverUrl = inject("adminUrl");
    prefix = `rw_matrix_${crypto.randomBytes(3).toString("hex")}`;
    // dev: every migration applied; staging: the last one pending; prod: RUNBOOK_FAILING failed (P3009).
    await seedDemo(state, serverUrl, prefix);
    const project = await state.prisma.project.findFirstOrThrow();
    const folder = await readMigrationsFolder(RUNBOOK_MIGRATIONS);

    const hotfix = await createTestDatabase(serverUrl);
    const unmanaged = await createTestDatabase(serverUrl);
    targets.push(hotfix, unmanaged);
    const hotfixSql = 'CREATE TABLE "Hotfix" (id int);\n';
    await deployMigrations(hotfix.url, {
      ...folder,
      migrations: [
        ...folder.migrations.slice(0, 3),
        { name: HOTFIX, sql: hotfixSql, checksum: computeChecksum(hotfixSql) },
      ],
    });
    await createEnvironment(state, { projectId: project.id, name: "hotfix", databaseUrl: hotfix.url, position: 3 });
    await createEnvironment(state, { projectId: project.id, name: "fresh", databaseUrl: unmanaged.url, position: 4 });
    await createEnvironment(
      state,
      { projectId: project.id, name: "gone", databaseUrl: "postgresql://u:p@127.0.0.1:1/x", connectTimeoutMs: 500 },
      { testConnection: false },
    );

    const service = createStatusService(state, { ttlMs: 60_000 });
    // As a client receives it: through JSON.
    overview = JSON.parse(JSON.stringify(await service.getOverview())) as OverviewView;
    statuses = await Promise.all(
      overview.projects[0].matrix.environmentIds.map((id) => service.getEnvironmentStatus(id)),
    );
  });

  afterAll(async () => {
    await state.close();
    for (const target of targets) await target.drop();
    const admin = new pg.Client({ connectionString: inject("adminUrl") });
    await admin.connect();
    for (const env of ["dev", "staging", "prod"])
      await admin.query(`DROP DATABASE IF EXISTS "${prefix}_${env}" WITH (FORCE)`);
    await admin.end();
  });

  it("decodes to exactly what the old per-environment cells held", () => {
    const project = overview.projects[0];
    expect(statuses.map((s) => [s.environment.name, s.health])).toEqual([
      ["dev", "up_to_date"],
      ["staging", "pending"],
      ["prod", "blocked"],
      ["hotfix", "diverged"],
      ["fresh", "not_managed"],
      ["gone", "unreachable"],
    ]);
    // The old view: every name known to any status, sorted; per environment id its state there, null when that
    // database was not read or does not know the migration.
    const names = [...new Set(statuses.flatMap((s) => s.migrations.map((m) => m.name)))].sort();
    const oldView = names.map((name) => ({
      name,
      cells: Object.fromEntries(
        statuses.map((s) => [
          s.environment.id,
          s.reachable ? (s.migrations.find((m) => m.name === name)?.state ?? null) : null,
        ]),
      ),
    }));
    const decoded = decodeMatrix(project.matrix);
    expect(
      decoded.rows.map((row) => ({
        name: row.name,
        cells: Object.fromEntries(decoded.environmentIds.map((id, c) => [id, row.states[c]])),
      })),
    ).toEqual(oldView);
    // The real rows cover several codes, and none the table lacks.
    const codes = new Set(project.matrix.states.join(""));
    expect([...codes].sort()).toEqual(["-", "a", "f", "l", "p"]);
    expect(decoded.rows.find((r) => r.name === RUNBOOK_FAILING)?.states).toEqual([
      "applied",
      "applied",
      "failed",
      "pending",
      "pending",
      null,
    ]);
    // Names once, one character per environment.
    expect(project.matrix.states.every((s) => s.length === statuses.length)).toBe(true);
  });

  it("keeps one code per state in one table", () => {
    const codes: string[] = MIGRATION_STATES.map((state) => MATRIX_STATE_CODES[state]);
    expect(new Set(codes).size).toBe(MIGRATION_STATES.length);
    expect(codes.every((code) => code.length === 1 && code !== "-")).toBe(true);
  });

  it("summarises divergence as counts on the overview, with the names still in the status route", () => {
    const fresh = overview.projects[0].environments.find((e) => e.environment.name === "fresh")!;
    const hotfix = overview.projects[0].environments.find((e) => e.environment.name === "hotfix")!;
    expect(fresh.divergence).toEqual({
      kind: "database_behind",
      lastCommon: null,
      unappliedCount: 5,
      missingLocallyCount: 0,
    });
    expect(hotfix.divergence).toMatchObject({ kind: "diverged", unappliedCount: 2, missingLocallyCount: 1 });
    const full = statuses.find((s) => s.environment.name === "hotfix")!.divergence;
    expect(full).toMatchObject({ kind: "diverged", missingLocally: [HOTFIX] });
  });

  it("decides 'differs' over managed environments only", () => {
    const project = overview.projects[0];
    const columns = project.matrix.environmentIds.map((id) =>
      toMatrixColumn(project.environments.find((e) => e.environment.id === id)!),
    );
    expect(columns.map((c) => c.managed)).toEqual([true, true, true, true, false, false]);
    const rows = analyseMatrix(project.matrix, columns);
    const byName = new Map(rows.map((row) => [row.name, row]));
    // Applied in every managed environment; pending in the unmanaged one, unknown in the unreachable one.
    expect(byName.get(FIRST)).toMatchObject({ differs: false, failed: false, blocked: false, problem: false });
    expect(byName.get(RUNBOOK_FAILING)).toMatchObject({ differs: true, failed: true, problem: true });
    // Pending in staging, and in prod where the failure blocks it.
    expect(byName.get(LAST)).toMatchObject({ differs: true, failed: false, blocked: true, problem: true });
    // Only in hotfix's database: absent elsewhere counts as a difference.
    expect(byName.get(HOTFIX)).toMatchObject({ differs: true, problem: true });
    // Were every column counted, the environment nobody deployed to would make every row differ.
    const everyColumn = columns.map((c) => ({ ...c, managed: true }));
    expect(analyseMatrix(project.matrix, everyColumn).every((row) => row.differs)).toBe(true);

    expect(findFirstProblem(rows)?.name).toBe(RUNBOOK_FAILING);
    expect(problemColumn(byName.get(RUNBOOK_FAILING)!, columns)).toBe(2); // prod
    expect(problemColumn(byName.get(LAST)!, columns)).toBe(2); // prod, where it is blocked

    // The first three, the same everywhere, fold into one run.
    const items = buildMatrixItems(rows, { show: "all", search: "" });
    expect(items.map(describeItem)).toEqual([`run:${FIRST}:3`, RUNBOOK_FAILING, HOTFIX, LAST]);
    const run = items[0] as Extract<MatrixItem, { kind: "run" }>;
    expect(describeRun(run.rows, columns, (s) => s)).toBe("3 migrations applied in every managed environment");
  });
});

function describeItem(item: MatrixItem): string {
  return item.kind === "run" ? `run:${item.key}:${item.rows.length}` : item.row.name;
}

/** A matrix of `codes` rows (one string per row) over `columns`, names m001, m002, … */
function matrixOf(codes: string[], width: number): MatrixView {
  return {
    environmentIds: Array.from({ length: width }, (_, i) => `e${i}`),
    names: codes.map((_, i) => `m${String(i + 1).padStart(3, "0")}`),
    states: codes,
  };
}

describe("matrix items", () => {
  const columns: MatrixColumn[] = [
    { id: "e0", name: "dev", managed: true, blocked: false },
    { id: "e1", name: "staging", managed: true, blocked: false },
    { id: "e2", name: "prod", managed: true, blocked: true },
  ];
  const codes = [
    ...Array(10).fill("aaa"), // m001–m010: applied everywhere
    "aaf", // m011: failed in prod
    "aap", // m012: pending in prod, blocked there
    "aaa", // m013, m014: applied everywhere, too short a run to fold
    "aaa",
    ...Array(4).fill("mmm"), // m015–m018: marked applied everywhere
    "ppp", // m019: pending everywhere, and prod is blocked
  ];
  const rows = decodeMatrix(matrixOf(codes, 3)).rows.map((row, i) => analyseRow(row, i, columns));

  it("folds runs of identical quiet rows, and unfolds the expanded ones", () => {
    expect(MIN_RUN).toBe(3);
    const items = buildMatrixItems(rows, { show: "all", search: "" });
    expect(items.map(describeItem)).toEqual(["run:m001:10", "m011", "m012", "m013", "m014", "run:m015:4", "m019"]);
    expect(describeRun((items[0] as Extract<MatrixItem, { kind: "run" }>).rows, columns, (s) => s)).toBe(
      "10 migrations applied everywhere",
    );
    expect(describeRun((items[5] as Extract<MatrixItem, { kind: "run" }>).rows, columns, (s) => s)).toBe(
      "4 migrations applied_manually everywhere",
    );
    const open = buildMatrixItems(rows, { show: "all", search: "" }, new Set(["m015"]));
    expect(open.map(describeItem).slice(-6)).toEqual(["run:m015:4", "m015", "m016", "m017", "m018", "m019"]);
    expect(open.at(-6)).toMatchObject({ kind: "run", expanded: true });
  });

  it("filters: differing, failed or blocked, and a search shows every match unfolded", () => {
    expect(buildMatrixItems(rows, { show: "differing", search: "" }).map(describeItem)).toEqual(["m011", "m012"]);
    // Pending where deploys are blocked is "blocked", even when every environment has it pending.
    expect(buildMatrixItems(rows, { show: "failed", search: "" }).map(describeItem)).toEqual(["m011", "m012", "m019"]);
    expect(buildMatrixItems(rows, { show: "all", search: "M00" }).map(describeItem)).toEqual(
      Array.from({ length: 9 }, (_, i) => `m00${i + 1}`),
    );
    expect(buildMatrixItems(rows, { show: "failed", search: "m012" }).map(describeItem)).toEqual(["m012"]);
    expect(buildMatrixItems(rows, { show: "all", search: "nothing" })).toEqual([]);
  });

  it("counts marked applied as applied, and finds the first problem", () => {
    const mixed = decodeMatrix(matrixOf(["ama", "aia", "axa"], 3)).rows.map((row, i) => analyseRow(row, i, columns));
    expect(mixed.map((row) => [row.differs, row.problem])).toEqual([
      [false, false],
      [true, true],
      [true, true],
    ]);
    expect(findFirstProblem(mixed)?.name).toBe("m002");
    expect(problemColumn(mixed[1], columns)).toBe(1);
    expect(findFirstProblem(mixed.slice(0, 1))).toBeNull();
  });

  it("reads an unknown code (a newer server) as no state", () => {
    expect(decodeMatrix(matrixOf(["a?"], 2)).rows[0].states).toEqual(["applied", null]);
    expect(decodeMatrix(matrixOf(["a"], 2)).rows[0].states).toEqual(["applied", null]);
  });
});
