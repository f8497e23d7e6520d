// Two live schemas compared: each introspected by Prisma's engine (`db pull`), then the two datamodels diffed
// (`migrate diff --from-schema … --to-schema …`). Read-only on both databases; no shadow needed.
import { withSchemaEngine } from "../migrations/engine";
import { describeSchemaChanges, type SchemaChange } from "./describe-changes";
import { datasourceSchema, withPreviewFeatures } from "./engine-schema";

export interface SchemaCompareResult {
  /** SQL that turns `from`'s schema into `to`'s: what `to` has that `from` lacks is created, the reverse dropped. */
  sql: string;
  identical: boolean;
  /** `added`: only in `to`; `removed`: only in `from`; `changed`: in both, differently. */
  changes: SchemaChange[];
  durationMs: number;
}

const EMPTY_DIFF = /^\s*(--\s*This is an empty migration\.?\s*)?$/;

/** The Prisma datamodel of a live database (introspection), with the preview features real schemas need. */
export async function introspectDatamodel(url: string, options: { connectTimeoutMs?: number } = {}): Promise<string> {
  const result = await withSchemaEngine(url, { connectTimeoutMs: options.connectTimeoutMs }, (engine) =>
    engine.introspect({
      schema: { files: [{ path: "schema.prisma", content: withPreviewFeatures(datasourceSchema().content) }] },
      baseDirectoryPath: ".",
      force: true,
      compositeTypeDepth: -1,
      namespaces: null,
    }),
  );
  return result.schema.files.map((f) => f.content).join("\n");
}

export async function compareSchemas(
  fromUrl: string,
  toUrl: string,
  options: { connectTimeoutMs?: number } = {},
): Promise<SchemaCompareResult> {
  const started = performance.now();
  const [from, to] = await Promise.all([introspectDatamodel(fromUrl, options), introspectDatamodel(toUrl, options)]);
  const out = await withSchemaEngine(fromUrl, { connectTimeoutMs: options.connectTimeoutMs }, (engine) =>
    engine.diff({
      from: { tag: "schemaDatamodel", files: [{ path: "from.prisma", content: withPreviewFeatures(from) }] },
      to: { tag: "schemaDatamodel", files: [{ path: "to.prisma", content: withPreviewFeatures(to) }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    }),
  );
  const sql = EMPTY_DIFF.test(out.stdout ?? "") ? "" : (out.stdout ?? "");
  return {
    sql,
    identical: sql === "",
    changes: sql ? await describeSchemaChanges(sql) : [],
    durationMs: Math.round(performance.now() - started),
  };
}
