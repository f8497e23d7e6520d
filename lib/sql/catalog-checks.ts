// Catalog lookups a rewritten migration runs before a statement PostgreSQL offers no IF [NOT] EXISTS for.
// Unqualified names are looked up in current_schema(): Prisma's `?schema=` sets search_path, so that is
// where the migration's objects are created.

export interface CatalogCheck {
  /** true: the statement runs only when the lookup finds nothing. */
  negated: boolean;
  from: string;
  where: string;
}

/** A string literal that means the same whatever standard_conforming_strings is set to. */
export function quoteLiteral(value: string): string {
  const doubled = value.split("'").join("''");
  return value.includes("\\") ? `E'${doubled.split("\\").join("\\\\")}'` : `'${doubled}'`;
}

export function quoteIdentifier(value: string): string {
  return `"${value.split('"').join('""')}"`;
}

function schemaOf(schema: string | null): string {
  return schema === null ? "current_schema()" : quoteLiteral(schema);
}

/** The table's oid, or NULL when it does not exist (to_regclass never raises). */
function regclassOf(schema: string | null, table: string): string {
  return `to_regclass(format('%I.%I', ${schemaOf(schema)}, ${quoteLiteral(table)}))`;
}

export function tableExists(schema: string | null, table: string): CatalogCheck {
  return {
    negated: false,
    from: "pg_catalog.pg_tables",
    where: `schemaname = ${schemaOf(schema)} AND tablename = ${quoteLiteral(table)}`,
  };
}

export function columnExists(schema: string | null, table: string, column: string, negated: boolean): CatalogCheck {
  return {
    negated,
    from: "pg_catalog.pg_attribute",
    where: `attrelid = ${regclassOf(schema, table)} AND attname = ${quoteLiteral(column)} AND attnum > 0 AND NOT attisdropped`,
  };
}

export function constraintExists(
  schema: string | null,
  table: string,
  constraint: string,
  negated: boolean,
): CatalogCheck {
  return {
    negated,
    from: "pg_catalog.pg_constraint",
    where: `conname = ${quoteLiteral(constraint)} AND conrelid = ${regclassOf(schema, table)}`,
  };
}

export function triggerExists(schema: string | null, table: string, trigger: string, negated: boolean): CatalogCheck {
  return {
    negated,
    from: "pg_catalog.pg_trigger",
    where: `tgname = ${quoteLiteral(trigger)} AND tgrelid = ${regclassOf(schema, table)}`,
  };
}

export function typeExists(schema: string | null, type: string, negated: boolean): CatalogCheck {
  return {
    negated,
    from: "pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace",
    where: `t.typname = ${quoteLiteral(type)} AND n.nspname = ${schemaOf(schema)}`,
  };
}

export function enumValueExists(schema: string | null, type: string, label: string, negated: boolean): CatalogCheck {
  return {
    negated,
    from: "pg_catalog.pg_enum e JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace",
    where: `t.typname = ${quoteLiteral(type)} AND n.nspname = ${schemaOf(schema)} AND e.enumlabel = ${quoteLiteral(label)}`,
  };
}

export function schemaExists(schema: string, negated: boolean): CatalogCheck {
  return { negated, from: "pg_catalog.pg_namespace", where: `nspname = ${quoteLiteral(schema)}` };
}

/** `[NOT] EXISTS (…) AND …`, indented for the body of a DO block. */
export function renderChecks(checks: CatalogCheck[], indent: string, eol: string): string {
  return checks
    .map(
      (c) =>
        `${c.negated ? "NOT " : ""}EXISTS (${eol}${indent}    SELECT 1 FROM ${c.from}${eol}${indent}    WHERE ${c.where}${eol}${indent})`,
    )
    .join(" AND ");
}

/** A dollar-quote tag that does not occur in `body`, so the body cannot end the quote early. */
export function chooseDollarTag(body: string): string {
  if (!body.includes("$$")) return "$$";
  for (let i = 0; ; i++) {
    const tag = i === 0 ? "$runway$" : `$runway${i}$`;
    if (!body.includes(tag)) return tag;
  }
}

/**
 * Wraps a statement in `DO $$ BEGIN IF <checks> THEN <statement>; END IF; END $$`. The statement's own lines are
 * not re-indented: that would change multi-line string literals inside it.
 */
export function wrapInDoBlock(
  statement: string,
  checks: CatalogCheck[],
  eol: string,
  endsWithLineComment = false,
): string {
  const tag = chooseDollarTag(statement);
  const terminator = endsWithLineComment ? `${eol}        ;` : ";";
  return [
    `DO ${tag}`,
    "BEGIN",
    `    IF ${renderChecks(checks, "    ", eol)} THEN`,
    `        ${statement}${terminator}`,
    "    END IF;",
    `END ${tag}`,
  ].join(eol);
}
