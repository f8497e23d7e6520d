import { describe, expect, it } from "vitest";
import { MAX_UPLOAD_BYTES, readMigrationsFolder, type PickedFile } from "./read-migrations-folder";

function file(webkitRelativePath: string, content = "SELECT 1;", size = content.length): PickedFile {
  return { name: webkitRelativePath.split("/").at(-1)!, size, webkitRelativePath, text: async () => content };
}

describe("readMigrationsFolder", () => {
  it("keeps migration.sql files and the lock file, relative to the chosen folder", async () => {
    const result = await readMigrationsFolder([
      file("migrations/20260110000000_init/migration.sql", "CREATE TABLE a();"),
      file("migrations/20260115000006_add_x/migration.sql"),
      file("migrations/migration_lock.toml", 'provider = "postgresql"'),
      file("migrations/.DS_Store"),
      file("migrations/README.md"),
      file("migrations/20260110000000_init/notes.txt"),
    ]);
    expect(result).toMatchObject({ ok: true, folderName: "migrations", migrationCount: 2 });
    if (!result.ok) throw new Error("expected ok");
    expect(Object.keys(result.files)).toEqual([
      "20260110000000_init/migration.sql",
      "20260115000006_add_x/migration.sql",
      "migration_lock.toml",
    ]);
    expect(result.files["20260110000000_init/migration.sql"]).toBe("CREATE TABLE a();");
  });

  it("explains a parent folder was chosen", async () => {
    const result = await readMigrationsFolder([file("prisma/migrations/20260110000000_init/migration.sql")]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/migrations folder itself/);
  });

  it("refuses an empty selection and a folder without migrations", async () => {
    expect((await readMigrationsFolder([])).ok).toBe(false);
    expect((await readMigrationsFolder([file("src/index.ts")])).ok).toBe(false);
  });

  it("refuses more than 5 MB before reading", async () => {
    const big = file("m/20260110000000_init/migration.sql", "", MAX_UPLOAD_BYTES);
    const other = file("m/20260110000001_more/migration.sql", "", 10);
    const result = await readMigrationsFolder([big, other]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/5\.0 MB/);
  });
});
