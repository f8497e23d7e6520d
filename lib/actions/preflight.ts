// Exactly what an action will change, what could go wrong, and whether it may run in the current state.
// Refusals use Prisma's codes where Prisma has one, so the dashboard refuses what `prisma migrate` would.
import crypto from "node:crypto";
import { checkDeployTarget } from "../diagnosis/check-deploy-target";
import { parseDatabaseUrl } from "../migrations/database-url";
import type { ShadowProvider } from "../migrations/engine";
import { dryRunDeploy } from "../schema/dry-run";
import { cachedDryRun } from "../schema/dry-run-cache";
import type { MigrationStatus } from "../migrations/status";
import type { ClassifiedMigration, MigrationsFolder } from "../migrations/types";
import { parseMigrationScript } from "../sql/parse-script";
import { findTransactionHazards } from "../sql/transaction-hazards";
import type { ActionKind, PreflightRowChange, PreflightView, PreflightWarning } from "./views";

/** A digest of the target's URL: identifies it in an in-memory key without keeping the URL itself. */
function targetKey(url: string): string {
  return crypto.createHash("sha256").update(url).digest("base64url").slice(0, 16);
}

export interface PreflightInput {
  kind: ActionKind;
  migrationName: string | null;
  environment: { id: string; name: string; isProtected: boolean };
  status: MigrationStatus;
  folder: MigrationsFolder | null;
  openAction: PreflightView["openAction"];
}

const CLI = "npx prisma migrate";

async function analyseSql(migrationName: string, sql: string): Promise<PreflightWarning[]> {
  const parsed = await parseMigrationScript(sql);
  if (!parsed.ok)
    return [
      {
        code: "parse_error",
        migrationName,
        line: parsed.error.line,
        message: `PostgreSQL's parser rejects this script: ${parsed.error.message}. Review it before running.`,
      },
    ];
  return findTransactionHazards(parsed.statements).map((h) => ({
    code: h.code,
    migrationName,
    line: h.line,
    message: h.message,
  }));
}

type Refusal = { code: string; message: string };

/** Refusals that apply to every kind: a deploy running elsewhere holds Prisma's lock. */
function refuseWhenLocked(status: MigrationStatus): Refusal | null {
  const holder = status.history.lockHolder;
  if (!holder) return null;
  const who = holder.applicationName ? `${holder.applicationName} (pid ${holder.pid})` : `pid ${holder.pid}`;
  return {
    code: "locked",
    message: `Locked by another process: ${who} holds Prisma's migrate lock on this database. Wait for it to finish.`,
  };
}

function unfinishedRows(m: ClassifiedMigration): PreflightRowChange[] {
  return m.attempts
    .filter((a) => a.finishedAt === null && a.rolledBackAt === null)
    .map((a) => ({
      rowId: a.id,
      migrationName: m.name,
      change: "set_rolled_back_at" as const,
      startedAt: a.startedAt.toISOString(),
    }));
}

async function planResolveRolledBack(name: string, m: ClassifiedMigration | undefined) {
  if (!m || m.attempts.length === 0)
    return {
      refusal: {
        code: "P3011",
        message: `Migration \`${name}\` cannot be rolled back because it was never applied to the database.`,
      },
    };
  if (m.state === "in_progress")
    return { refusal: { code: "in_progress", message: `Migration \`${name}\` is being applied right now.` } };
  const rows = unfinishedRows(m);
  if (rows.length === 0)
    return {
      refusal: {
        code: "P3012",
        message: `Migration \`${name}\` cannot be rolled back because it is not in a failed state.`,
      },
    };
  const warnings: PreflightWarning[] = [
    {
      code: "rolled_back_means_nothing_remains",
      migrationName: name,
      line: null,
      message:
        "Mark rolled back only if none of the migration's changes remain in the database: the next deploy runs the whole script again.",
    },
  ];
  if (m.local) {
    for (const w of await analyseSql(name, m.local.sql))
      if (w.code !== "parse_error")
        warnings.push({
          ...w,
          code: "partial_effects",
          message: `${w.message} Check which of its statements took effect before marking it rolled back.`,
        });
  }
  return { rows, warnings, cli: `${CLI} resolve --rolled-back ${name}` };
}

async function planResolveApplied(name: string, m: ClassifiedMigration | undefined, folder: MigrationsFolder | null) {
  if (!folder?.migrations.some((l) => l.name === name))
    return {
      refusal: { code: "P3017", message: `The migration \`${name}\` could not be found in the migrations source.` },
    };
  if (m?.state === "in_progress")
    return { refusal: { code: "in_progress", message: `Migration \`${name}\` is being applied right now.` } };
  if (m?.attempts.some((a) => a.finishedAt !== null && a.rolledBackAt === null))
    return {
      refusal: { code: "P3008", message: `The migration \`${name}\` is already recorded as applied in the database.` },
    };
  const rows: PreflightRowChange[] = [
    ...(m ? unfinishedRows(m) : []),
    { rowId: null, migrationName: name, change: "insert_applied_row", startedAt: null },
  ];
  const warnings: PreflightWarning[] = [
    {
      code: "applied_means_changes_exist",
      migrationName: name,
      line: null,
      message:
        "Mark applied only if every change of the migration already exists in the database (applied by hand): its script will never run.",
    },
  ];
  return { rows, warnings, cli: `${CLI} resolve --applied ${name}` };
}

async function planDeploy(status: MigrationStatus, folder: MigrationsFolder | null) {
  if (!folder)
    return {
      refusal: {
        code: "no_source",
        message: "The migrations source cannot be read, so there is nothing to deploy from.",
      },
    };
  if (status.verdict.blocked)
    return { refusal: { code: "P3009", message: status.verdict.blockedMessage ?? "Failed migrations block deploy." } };
  if (status.verdict.inProgress)
    return { refusal: { code: "in_progress", message: "A deploy is running on this database." } };
  const missingFile = folder.problems.find((p) => p.kind === "missing_migration_sql");
  if (missingFile)
    return {
      refusal: { code: "P3015", message: `Could not find the migration file at ${missingFile.path}/migration.sql.` },
    };
  if (folder.lockfile?.provider && !["postgresql", "postgres"].includes(folder.lockfile.provider))
    return {
      refusal: {
        code: "P3019",
        message: `migration_lock.toml names the provider \`${folder.lockfile.provider}\`, not postgresql.`,
      },
    };
  const toApply = status.migrations.filter((m) => m.willApplyOnDeploy && m.local);
  if (toApply.length === 0)
    return {
      refusal: {
        code: "nothing_to_deploy",
        message: "Every migration is already applied: there is nothing to deploy.",
      },
    };

  const migrationsToApply = await Promise.all(
    toApply.map(async (m) => ({ name: m.name, sql: m.local!.sql, warnings: await analyseSql(m.name, m.local!.sql) })),
  );
  const warnings: PreflightWarning[] = migrationsToApply.flatMap((m) => m.warnings);
  for (const m of status.migrations) {
    if (m.state === "modified")
      warnings.push({
        code: "modified",
        migrationName: m.name,
        line: null,
        message:
          "Edited after it was applied: deploy will not run it again, and the database may differ from the file.",
      });
    if (m.state === "missing_locally")
      warnings.push({
        code: "missing_locally",
        migrationName: m.name,
        line: null,
        message: "Applied in this database but missing from the migrations source: is this source the right one?",
      });
  }
  const lastApplied = status.migrations.filter((m) => m.current?.finishedAt && !m.willApplyOnDeploy).at(-1)?.name;
  for (const m of toApply)
    if (lastApplied && m.name < lastApplied)
      warnings.push({
        code: "out_of_order",
        migrationName: m.name,
        line: null,
        message: `Older than the applied \`${lastApplied}\`: it will run after it, out of its intended order.`,
      });
  const rows = toApply.map((m) => ({
    rowId: null,
    migrationName: m.name,
    change: "insert_and_run" as const,
    startedAt: null,
  }));
  return { rows, warnings, migrationsToApply, cli: `${CLI} deploy` };
}

export async function computePreflight(input: PreflightInput): Promise<PreflightView> {
  const { kind, migrationName, status, folder, environment } = input;
  const m = migrationName ? status.migrations.find((x) => x.name === migrationName) : undefined;
  const plan =
    kind === "deploy"
      ? await planDeploy(status, folder)
      : kind === "resolve_rolled_back"
        ? await planResolveRolledBack(migrationName ?? "", m)
        : await planResolveApplied(migrationName ?? "", m, folder);
  const refusal = refuseWhenLocked(status) ?? ("refusal" in plan ? (plan.refusal as Refusal) : null);
  const ok =
    "rows" in plan && !refusal
      ? (plan as {
          rows: PreflightRowChange[];
          warnings: PreflightWarning[];
          migrationsToApply?: PreflightView["migrationsToApply"];
        })
      : null;
  return {
    kind,
    migrationName,
    environmentId: environment.id,
    environmentName: environment.name,
    isProtected: environment.isProtected,
    fingerprint: status.fingerprint,
    allowed: refusal === null,
    refusal,
    rowChanges: ok?.rows ?? [],
    migrationsToApply: ok?.migrationsToApply ?? [],
    warnings: ok?.warnings ?? [],
    dryRun: null,
    release: null,
    cliCommand:
      kind === "deploy"
        ? `${CLI} deploy`
        : `${CLI} resolve --${kind === "resolve_applied" ? "applied" : "rolled-back"} ${migrationName ?? "<name>"}`,
    needsApproval: environment.isProtected,
    openAction: input.openAction,
  };
}

/**
 * The preflight plus, for a deploy, the target itself: the real dry run (the pending migrations applied by Prisma's
 * engine in a shadow database holding the target's schema as it really is) decides; it refuses only when the dry
 * run fails, and an operator may still proceed with a reason. The static checks (tables the migrations alter that
 * do not exist, objects they create that exist) are warnings; an extension the target's server cannot provide,
 * which no shadow can tell, refuses.
 */
export async function computePreflightAgainstTarget(
  input: PreflightInput & { url: string; connectTimeoutMs?: number; shadow?: ShadowProvider },
): Promise<PreflightView> {
  const preflight = await computePreflight(input);
  if (input.kind !== "deploy" || !preflight.allowed || preflight.migrationsToApply.length === 0) return preflight;
  const [findings, dryRun] = await Promise.all([
    checkDeployTarget(input.url, preflight.migrationsToApply, { connectTimeoutMs: input.connectTimeoutMs }),
    input.shadow
      ? // The URL is part of the key: after a rotation to a copy with the same history, the dry run is the copy's.
        cachedDryRun(`${input.environment.id}:${targetKey(input.url)}:${preflight.fingerprint}`, () =>
          dryRunDeploy(input.url, parseDatabaseUrl(input.url).schema, input.folder!, input.status, {
            shadow: input.shadow!,
            connectTimeoutMs: input.connectTimeoutMs,
          }),
        )
      : Promise.resolve(null),
  ]);
  const warnings: PreflightWarning[] = findings.map((f) => ({
    code: f.code,
    migrationName: f.migrationName,
    line: f.line,
    message: f.message,
  }));
  if (dryRun?.verdict === "inconclusive")
    warnings.push({
      code: "dry_run_inconclusive",
      migrationName: null,
      line: null,
      message: `No dry run: ${dryRun.reason}`,
    });
  const missingExtension = findings.find((f) => f.code === "missing_extension");
  const refusal = missingExtension
    ? {
        code: "predicted_failure",
        message: `This deploy would fail on ${preflight.environmentName}: ${missingExtension.migrationName} line ${missingExtension.line}: ${missingExtension.message}`,
      }
    : dryRun?.verdict === "fails"
      ? {
          code: "dry_run_failed",
          overridable: true,
          message:
            `The dry run failed: in a shadow copy of ${preflight.environmentName}'s schema, Prisma's engine could not apply ` +
            `${dryRun.failure?.migrationName ?? "a pending migration"}${dryRun.failure?.line ? ` (line ${dryRun.failure.line})` : ""}: ` +
            `${firstErrorLine(dryRun.failure?.message ?? "")}. Fix the migration, or proceed anyway with a reason if the target differs from its copy.`,
        }
      : null;
  return {
    ...preflight,
    allowed: refusal === null,
    refusal,
    dryRun,
    warnings: [...warnings, ...preflight.warnings],
    migrationsToApply: preflight.migrationsToApply.map((m) => ({
      ...m,
      warnings: [...warnings.filter((w) => w.migrationName === m.name), ...m.warnings],
    })),
  };
}

/** The database's own words from an engine message ("ERROR: relation … does not exist"). */
function firstErrorLine(message: string): string {
  const error = /ERROR: ([^\n]+)/.exec(message)?.[1] ?? /Error querying the database: ([^\n]+)/.exec(message)?.[1];
  return (
    error ??
    message
      .split("\n")
      .find((l) => l.trim() !== "" && !/^Migration `/.test(l))
      ?.trim() ??
    message.split("\n")[0]
  );
}
