// The Prisma schema files the engine needs to read a live database or to diff two datamodels.
import type { MigrationsFolder } from "../migrations/types";

/** Preview features that introspected datamodels of real schemas may use (partial indexes, views…). */
export const PREVIEW_FEATURES = ["partialIndexes", "views"];

/** A datasource-only schema: the engine reads the live database through the adapter it was given. */
export function datasourceSchema(): { path: string; content: string } {
  return { path: "schema.prisma", content: 'datasource db {\n  provider = "postgresql"\n}\n' };
}

/** Adds the generator block with the preview features the datamodel may need, once. */
export function withPreviewFeatures(datamodel: string): string {
  const withoutGenerators = datamodel.replace(/generator\s+\w+\s*\{[^}]*\}\s*/g, "");
  return `generator client {\n  provider        = "prisma-client"\n  previewFeatures = ${JSON.stringify(PREVIEW_FEATURES)}\n}\n\n${withoutGenerators}`;
}

/** Only the migrations that ran on the target, in order: what a replay should rebuild. */
export function onlyMigrations(folder: MigrationsFolder, names: string[]): MigrationsFolder {
  const wanted = new Set(names);
  return { ...folder, migrations: folder.migrations.filter((m) => wanted.has(m.name)) };
}
