#!/usr/bin/env node
// runway: push releases from CI and gate pipelines on an environment's state.
//   runway push --project <name|id> --dir prisma/migrations [--commit SHA] [--branch B] [--author A] [--message M]
//   runway status --env <name> [--project <name>] [--json]
// RUNWAY_URL (or --url) is the dashboard, RUNWAY_TOKEN (or --token) an API token (a release token for push).
// Exit codes: 0 up to date (push: accepted), 10 pending, 11 blocked or a deploy in progress, 12 drifted or
// diverged, 13 the environment's database unreachable, 14 Runway itself unreachable or failing, 2 usage or a
// refused request. One file, no dependencies: Runway serves it at GET /api/cli for pipelines outside this repo.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

export const EXIT = { ok: 0, usage: 2, pending: 10, blocked: 11, drifted: 12, unreachable: 13, runway: 14 };

const HEALTH_EXIT = {
  up_to_date: EXIT.ok,
  pending: EXIT.pending,
  not_managed: EXIT.pending,
  blocked: EXIT.blocked,
  in_progress: EXIT.blocked,
  drifted: EXIT.drifted,
  diverged: EXIT.drifted,
  unreachable: EXIT.unreachable,
};

class CliError extends Error {
  constructor(message, code = EXIT.usage) {
    super(message);
    this.code = code;
  }
}

/** `<name>/migration.sql` and migration_lock.toml, as Prisma reads a migrations folder (dot-folders skipped). */
function readMigrationsDir(dir) {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CliError(`${dir} is not a folder.`);
  const files = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    if (entry.isDirectory()) {
      const sql = path.join(dir, entry.name, "migration.sql");
      if (fs.existsSync(sql)) files[`${entry.name}/migration.sql`] = fs.readFileSync(sql, "utf8");
    } else if (entry.name === "migration_lock.toml")
      files[entry.name] = fs.readFileSync(path.join(dir, entry.name), "utf8");
  }
  if (Object.keys(files).length === 0) throw new CliError(`${dir} holds no <migration>/migration.sql.`);
  return files;
}

async function call(options, method, pathname, body) {
  const base = options.url ?? process.env.RUNWAY_URL;
  const token = options.token ?? process.env.RUNWAY_TOKEN;
  if (!base) throw new CliError("Set RUNWAY_URL (or --url) to the dashboard's address.");
  if (!token) throw new CliError("Set RUNWAY_TOKEN (or --token) to an API token.");
  let response;
  try {
    response = await fetch(new URL(pathname, base), {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (error) {
    throw new CliError(`Cannot reach Runway at ${base}: ${error.cause?.message ?? error.message}`, EXIT.runway);
  }
  const json = await response.json().catch(() => null);
  if (response.status >= 500)
    throw new CliError(
      `Runway failed (${response.status}): ${json?.error?.message ?? response.statusText}`,
      EXIT.runway,
    );
  if (!response.ok)
    throw new CliError(`Runway refused (${response.status}): ${json?.error?.message ?? response.statusText}`);
  return { status: response.status, json };
}

async function push(options) {
  if (!options.project) throw new CliError("--project is required.");
  const files = readMigrationsDir(options.dir ?? "prisma/migrations");
  const commit = {
    sha: options.commit ?? null,
    branch: options.branch ?? null,
    author: options.author ?? null,
    message: options.message ?? null,
  };
  const { json } = await call(options, "POST", "/api/releases", { project: options.project, files, commit });
  const r = json.release;
  if (options.json) console.log(JSON.stringify(json));
  else
    console.log(
      json.created
        ? `Release ${r.label} (#${r.number}) of ${options.project}: ${r.migrationCount} migrations, adds ${r.added.length}, changes ${r.changed.length}.`
        : `Unchanged: the migrations are release ${r.label} (#${r.number}) already.`,
    );
  return EXIT.ok;
}

async function status(options) {
  if (!options.env) throw new CliError("--env is required.");
  const { json } = await call(options, "GET", "/api/overview");
  const matches = json.projects
    .filter((p) => !options.project || p.name === options.project || p.id === options.project)
    .flatMap((p) =>
      p.environments.filter((e) => e.environment.name === options.env || e.environment.id === options.env),
    );
  if (matches.length === 0)
    throw new CliError(`No environment "${options.env}"${options.project ? ` in ${options.project}` : ""}.`);
  if (matches.length > 1) throw new CliError(`Several projects have an environment "${options.env}": add --project.`);
  // The overview answers from the last known state when a read takes long (it marks it `refreshing`): a pipeline
  // gate needs the state now, so the environment is read through its status route, which waits for the read.
  const env = (
    await call(
      options,
      "GET",
      `/api/environments/${encodeURIComponent(matches[0].environment.id)}/status?migrations=open`,
    )
  ).json;
  const code = HEALTH_EXIT[env.health] ?? EXIT.usage;
  const release = env.release?.at ? `${env.release.at.label}, ${env.release.behind} behind` : null;
  if (options.json)
    console.log(
      JSON.stringify({
        project: env.environment.projectName,
        environment: env.environment.name,
        health: env.health,
        exitCode: code,
        pendingCount: env.pendingCount,
        blocked: env.blocked,
        release: env.release,
        error: env.error,
        checkedAt: env.checkedAt,
      }),
    );
  else
    console.log(
      `${env.environment.projectName}/${env.environment.name}: ${env.health}${release ? ` (at release ${release})` : ""}`,
    );
  return code;
}

export async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      project: { type: "string" },
      dir: { type: "string" },
      commit: { type: "string" },
      branch: { type: "string" },
      author: { type: "string" },
      message: { type: "string" },
      env: { type: "string" },
      json: { type: "boolean" },
      url: { type: "string" },
      token: { type: "string" },
    },
  });
  const command = positionals[0];
  if (command === "push") return push(values);
  if (command === "status") return status(values);
  throw new CliError(
    "usage: runway push --project <name> --dir prisma/migrations [--commit SHA] | runway status --env <name> [--project <name>] [--json]",
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`runway: ${error.message}`);
    process.exit(error instanceof CliError ? error.code : EXIT.usage);
  },
);
