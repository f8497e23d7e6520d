// Lints a Prisma migrations folder: statements that fail on a second run, destroy data, lock tables or defeat
// the migration's transaction.
// Usage: npx tsx scripts/lint-migrations.ts <migrations-dir> [--json] [--only NAME...] [--rule RULE...] [--severity error|warning|info]
// Exit code: 0 no error-severity finding, 1 at least one, 2 bad usage or unreadable folder.
import path from "node:path";
import { MigrationsFolderError, readMigrationsFolder } from "../lib/migrations/folder";
import { countByRule, lintMigrationsFolder, type Finding } from "../lib/sql/lint";
import { ALL_RULE_IDS, isRuleId, type RuleId, type Severity } from "../lib/sql/lint-rules";

const USAGE = `usage: npx tsx scripts/lint-migrations.ts <migrations-dir> [--json] [--only NAME...] [--rule RULE...] [--severity error|warning|info]

  --json              print the result as JSON
  --only NAME...      lint only these migrations (full folder name or a unique prefix, e.g. 20260115000006)
  --rule RULE...      report only these rules
  --severity LEVEL    report only findings at least this severe (default: info)

Exit code: 0 when no error-severity finding is reported, 1 when one is, 2 on bad usage or an unreadable folder.
Rules: ${ALL_RULE_IDS.join(", ")}`;

interface Args {
  dir: string;
  json: boolean;
  only: string[];
  rules: RuleId[];
  severity: Severity;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args | "help" {
  const positional: string[] = [];
  const args: Omit<Args, "dir"> = { json: false, only: [], rules: [], severity: "info" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const values = () => {
      const out: string[] = [];
      while (i + 1 < argv.length && !argv[i + 1].startsWith("--")) out.push(argv[++i]);
      if (out.length === 0) throw new UsageError(`${arg} needs at least one value`);
      return out;
    };
    if (arg === "--help" || arg === "-h") return "help";
    else if (arg === "--json") args.json = true;
    else if (arg === "--only") args.only.push(...values());
    else if (arg === "--rule") {
      for (const rule of values()) {
        if (!isRuleId(rule)) throw new UsageError(`unknown rule "${rule}"`);
        args.rules.push(rule);
      }
    } else if (arg === "--severity") {
      const [level, ...rest] = values();
      if (rest.length || (level !== "error" && level !== "warning" && level !== "info"))
        throw new UsageError("--severity takes one of error, warning, info");
      args.severity = level;
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1)
    throw new UsageError(positional.length === 0 ? "missing <migrations-dir>" : "give exactly one <migrations-dir>");
  return { dir: positional[0], ...args };
}

/** Resolves --only values against the folder's migration names: exact name, or a prefix matching exactly one. */
function selectMigrations(names: string[], wanted: string[]): Set<string> {
  const selected = new Set<string>();
  for (const want of wanted) {
    if (names.includes(want)) {
      selected.add(want);
      continue;
    }
    const matches = names.filter((n) => n.startsWith(want));
    if (matches.length !== 1)
      throw new UsageError(
        matches.length === 0
          ? `no migration named "${want}"`
          : `"${want}" matches ${matches.length} migrations: ${matches.join(", ")}`,
      );
    selected.add(matches[0]);
  }
  return selected;
}

function formatHuman(dir: string, migrations: number, findings: Finding[]): string {
  const lines: string[] = [];
  const byMigration = new Map<string, Finding[]>();
  for (const f of findings) byMigration.set(f.migrationName, [...(byMigration.get(f.migrationName) ?? []), f]);
  for (const [name, list] of byMigration) {
    lines.push(`${name} (${list.length} finding${list.length === 1 ? "" : "s"})`);
    for (const f of list) {
      lines.push(`  ${path.join(dir, name, "migration.sql")}:${f.line}  ${f.severity}  ${f.ruleId}  ${f.message}`);
      lines.push(`      why: ${f.why}`);
      lines.push(`      fix: ${f.fix}`);
    }
    lines.push("");
  }
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  lines.push(
    `${findings.length} finding${findings.length === 1 ? "" : "s"} in ${migrations} migration${migrations === 1 ? "" : "s"}: ${count("error")} error, ${count("warning")} warning, ${count("info")} info`,
  );
  for (const [rule, n] of Object.entries(countByRule(findings)).sort((a, b) => b[1] - a[1]))
    lines.push(`  ${String(n).padStart(4)}  ${rule}`);
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  let args: Args | "help";
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`lint-migrations: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args === "help") {
    console.log(USAGE);
    return 0;
  }
  let folder;
  try {
    folder = await readMigrationsFolder(args.dir);
  } catch (error) {
    if (!(error instanceof MigrationsFolderError)) throw error;
    console.error(`lint-migrations: ${error.message}`);
    return 2;
  }
  let only: string[] | undefined;
  try {
    only = args.only.length
      ? [
          ...selectMigrations(
            folder.migrations.map((m) => m.name),
            args.only,
          ),
        ]
      : undefined;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`lint-migrations: ${error.message}`);
    return 2;
  }
  const result = await lintMigrationsFolder(folder, {
    only,
    rules: args.rules.length ? args.rules : undefined,
    minSeverity: args.severity,
  });
  const { findings, migrations } = result;
  const exitCode = findings.some((f) => f.severity === "error") ? 1 : 0;
  if (args.json) {
    console.log(
      JSON.stringify(
        {
          dir: result.dir,
          migrations,
          findings,
          countsByRule: countByRule(findings),
          problems: result.problems,
          exitCode,
        },
        null,
        2,
      ),
    );
  } else {
    for (const p of result.problems) console.error(`note: ${p.path}: ${p.message}`);
    console.log(formatHuman(args.dir, migrations, findings));
  }
  return exitCode;
}

process.exitCode = await main(process.argv.slice(2));
