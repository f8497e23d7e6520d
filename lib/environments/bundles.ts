// Uploaded migrations folders ("bundles"): validated before they are stored, materialised on disk to be read
// exactly like a folder (same checks, same checksums).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { validateMigrationName } from "../migrations/folder";
import { RegistryError } from "./errors";

export const BUNDLE_LIMITS = { totalBytes: 5 * 1024 * 1024, fileBytes: 1024 * 1024, files: 5000 };

export type BundleFiles = Record<string, string>;

/** Checks that `files` is a migrations folder: `<name>/migration.sql` entries and an optional lock file. */
export function validateBundleFiles(files: BundleFiles): { migrationCount: number } {
  const entries = Object.entries(files);
  if (entries.length > BUNDLE_LIMITS.files)
    throw new RegistryError(
      "invalid",
      "bundle_too_large",
      `The upload has ${entries.length} files; the limit is ${BUNDLE_LIMITS.files}.`,
    );
  let total = 0;
  let migrationCount = 0;
  for (const [filePath, content] of entries) {
    // PostgreSQL text and JSON cannot hold NUL, and a migration.sql never does: binary content, refused plainly.
    if (filePath.includes("\u0000") || content.includes("\u0000"))
      throw new RegistryError(
        "invalid",
        "not_a_migrations_folder",
        `"${filePath.replaceAll("\u0000", "").slice(0, 200)}" contains a NUL byte: migration files are text.`,
      );
    const size = Buffer.byteLength(content);
    total += size;
    if (size > BUNDLE_LIMITS.fileBytes)
      throw new RegistryError(
        "invalid",
        "bundle_too_large",
        `${filePath} is larger than ${BUNDLE_LIMITS.fileBytes / 1024} KiB.`,
      );
    if (filePath === "migration_lock.toml") continue;
    const parts = filePath.split("/");
    // Prisma skips dot-folders (.git, .DS_Store…) when it reads a folder: such an entry would be counted here and
    // then never applied, so it is refused instead.
    const problem =
      parts.length !== 2 || parts[1] !== "migration.sql"
        ? "unexpected path"
        : parts[0].startsWith(".")
          ? "a folder whose name starts with a dot is not a migration"
          : validateMigrationName(parts[0]);
    if (problem)
      throw new RegistryError(
        "invalid",
        "not_a_migrations_folder",
        `"${filePath.slice(0, 200)}" is not part of a Prisma migrations folder (expected <migration>/migration.sql or migration_lock.toml): ${problem}`,
      );
    migrationCount += 1;
  }
  if (total > BUNDLE_LIMITS.totalBytes)
    throw new RegistryError(
      "invalid",
      "bundle_too_large",
      `The upload is ${Math.ceil(total / 1024)} KiB; the limit is ${BUNDLE_LIMITS.totalBytes / 1024 / 1024} MiB.`,
    );
  if (migrationCount === 0)
    throw new RegistryError(
      "invalid",
      "not_a_migrations_folder",
      "The upload contains no <migration>/migration.sql: choose a prisma/migrations folder.",
    );
  return { migrationCount };
}

export function computeBundleChecksum(files: BundleFiles): string {
  const hash = crypto.createHash("sha256");
  for (const filePath of Object.keys(files).sort())
    hash.update(filePath).update("\0").update(files[filePath]).update("\0");
  return hash.digest("hex");
}

/** Writes a stored bundle to a cache folder once (atomically: a half-written folder is never read). */
export function materializeBundle(bundleId: string, files: BundleFiles): string {
  const root = path.join(os.tmpdir(), "runway-bundles");
  const dir = path.join(root, bundleId);
  if (fs.existsSync(dir)) return dir;
  fs.mkdirSync(root, { recursive: true });
  const staging = fs.mkdtempSync(path.join(root, `.${bundleId}-`));
  for (const [filePath, content] of Object.entries(files)) {
    const target = path.join(staging, filePath);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  try {
    fs.renameSync(staging, dir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(dir)) throw error; // another request materialised it first: fine
  }
  return dir;
}
