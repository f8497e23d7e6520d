// Translates a migrations folder into the engine's MigrationList input.
import type { MigrationList } from "@prisma/schema-engine-wasm";
import type { MigrationsFolder } from "./types";

export function toEngineMigrationList(folder: MigrationsFolder): MigrationList {
  return {
    baseDir: folder.dir,
    lockfile: { path: "migration_lock.toml", content: folder.lockfile?.content ?? null },
    shadowDbInitScript: "",
    migrationDirectories: folder.migrations.map((migration) => ({
      path: migration.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok" as const, value: migration.sql } },
    })),
  };
}
