// Real git repositories for tests and benchmarks, made with the git binary: a working repository whose commits
// add migrations, and a bare copy it pushes to (what the HTTP and ssh servers of the tests serve).
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const made: string[] = [];
process.once("exit", () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

export interface Author {
  name: string;
  email: string;
}

export const DEV: Author = { name: "Dana Dev", email: "dana@example.com" };

/** A file's new content; null deletes it; `{ symlink }` makes it a symlink to that target. */
export type FileChange = string | Buffer | null | { symlink: string };

export interface TestRepo {
  /** The working repository (a local-path source reads it in place). */
  dir: string;
  /** The bare repository it pushes to, inside `root`. */
  bare: string;
  /** The folder holding the bare repository (what `git http-backend` serves), and its name there. */
  root: string;
  name: string;
  /** Writes the files, commits them as `author`, returns the commit's SHA. */
  commit(files: Record<string, FileChange>, message: string, author?: Author): Promise<string>;
  /** Pushes every branch and tag to the bare repository. */
  push(): Promise<void>;
  git(...args: string[]): Promise<string>;
}

function baseEnv(home: string): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    LANG: "C",
    GIT_AUTHOR_NAME: DEV.name,
    GIT_AUTHOR_EMAIL: DEV.email,
    GIT_COMMITTER_NAME: DEV.name,
    GIT_COMMITTER_EMAIL: DEV.email,
  };
  return env as NodeJS.ProcessEnv;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv, input?: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      { cwd, env, maxBuffer: 64 * 1024 * 1024, encoding: "buffer" },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`git ${args.join(" ")}: ${stderr.toString() || error.message}`));
        else resolve(stdout.toString("utf8").trim());
      },
    );
    if (input) child.stdin!.end(input);
  });
}

export async function createTestRepo(options: { branch?: string; parent?: string } = {}): Promise<TestRepo> {
  const root = fs.mkdtempSync(path.join(options.parent ?? os.tmpdir(), "runway-git-"));
  made.push(root);
  const dir = path.join(root, "work");
  const name = "app.git";
  const bare = path.join(root, name);
  const home = path.join(root, "home");
  fs.mkdirSync(home);
  fs.mkdirSync(dir);
  const env = baseEnv(home);
  const branch = options.branch ?? "main";
  await run(["init", "-q", "-b", branch], dir, env);
  await run(["init", "-q", "--bare", "-b", branch, bare], root, env);
  await run(["remote", "add", "origin", bare], dir, env);
  const git = (...args: string[]) => run(args, dir, env);
  return {
    dir,
    bare,
    root,
    name,
    git,
    async commit(files, message, author = DEV) {
      for (const [file, change] of Object.entries(files)) {
        const target = path.join(dir, file);
        fs.rmSync(target, { force: true, recursive: true });
        if (change === null) continue;
        fs.mkdirSync(path.dirname(target), { recursive: true });
        if (typeof change === "object" && !Buffer.isBuffer(change)) fs.symlinkSync(change.symlink, target);
        else fs.writeFileSync(target, change);
      }
      await run(["add", "-A"], dir, env);
      const who = {
        ...env,
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
      };
      await run(["commit", "-q", "--allow-empty", "-m", message], dir, who);
      return run(["rev-parse", "HEAD"], dir, env);
    },
    async push() {
      await run(["push", "-q", "--force", "origin", "--all"], dir, env);
      await run(["push", "-q", "--force", "origin", "--tags"], dir, env);
    },
  };
}

/**
 * Commits a migrations folder holding an entry named `..` (git itself never writes one; a hostile server can
 * send one): built with `git hash-object --literally`, so the tree is exactly what a hostile repository holds.
 */
export async function commitUnsafeEntry(repo: TestRepo, migrationsPath: string, message: string): Promise<string> {
  const git = repo.git;
  const sqlOid = await runWithInput(repo, ["hash-object", "-w", "--stdin"], Buffer.from("SELECT 1;\n"));
  const migrationTree = await runWithInput(repo, ["mktree"], Buffer.from(`100644 blob ${sqlOid}\tmigration.sql\n`));
  const entry = (mode: string, name: string, oid: string) =>
    Buffer.concat([Buffer.from(`${mode} ${name}\0`), Buffer.from(oid, "hex")]);
  const hostile = Buffer.concat([
    entry("40000", "..", migrationTree),
    entry("40000", "20260109000000_x", migrationTree),
  ]);
  let oid = await runWithInput(repo, ["hash-object", "-w", "-t", "tree", "--literally", "--stdin"], hostile);
  for (const segment of migrationsPath.split("/").reverse())
    oid = await runWithInput(repo, ["mktree"], Buffer.from(`040000 tree ${oid}\t${segment}\n`));
  const head = await git("rev-parse", "HEAD");
  const commit = await runWithInput(repo, ["commit-tree", oid, "-p", head, "-m", message], Buffer.alloc(0));
  await git("update-ref", "HEAD", commit);
  return commit;
}

function runWithInput(repo: TestRepo, args: string[], input: Buffer): Promise<string> {
  const home = path.join(repo.root, "home");
  return run(args, repo.dir, baseEnv(home), input);
}

/** `<name>/migration.sql` entries under `migrationsPath`, for commit(). */
export function migrationFiles(migrations: Record<string, string>, migrationsPath = "prisma/migrations") {
  return Object.fromEntries(
    Object.entries(migrations).map(([name, sql]) => [`${migrationsPath}/${name}/migration.sql`, sql]),
  );
}
