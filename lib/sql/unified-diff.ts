// Unified diffs of migration files, small enough to review in the dashboard and exact enough for `git apply`
// (jsdiff: Myers' diff, 3 lines of context, "\ No newline at end of file" where git expects it).
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { validateMigrationName } from "../migrations/folder";

/**
 * A unified diff (`--- a/<file>` / `+++ b/<file>`, 3 lines of context) from oldText to newText; "" when they are
 * equal.
 */
export function toUnifiedDiff(oldText: string, newText: string, fileName: string): string {
  if (oldText === newText) return "";
  return createTwoFilesPatch(`a/${fileName}`, `b/${fileName}`, oldText, newText, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
}

/**
 * A patch turning `<migrationsPath>/<name>/migration.sql` from oldSql into newSql (apply with `git apply` at the
 * repository's root); migrationsPath is the project's (default prisma/migrations).
 */
export function toPatch(
  migrationName: string,
  oldSql: string,
  newSql: string,
  migrationsPath = "prisma/migrations",
): string {
  const problem = validateMigrationName(migrationName);
  if (problem) throw new Error(problem);
  return toUnifiedDiff(oldSql, newSql, `${migrationsPath.replace(/\/+$/, "")}/${migrationName}/migration.sql`);
}
