// What each statement of a migration does to the schema, read from PostgreSQL's own parse tree.
// Anything not mapped here is reported as `unknown` with its node kind: the dashboard must never show a guess.
import {
  asArray,
  asString,
  columnConstraintTypes,
  formatTypeName,
  readNames,
  readRangeVar,
  splitQualified,
  toKindedNode,
  unwrapAs,
  unwrapNode,
  type KindedNode,
  type RelationRef,
} from "./ast";
import type {
  AlterEnumStmt,
  AlterTableStmt,
  Constraint,
  CreateStmt,
  DropStmt,
  IndexStmt,
  Node,
  RenameStmt,
} from "@pgsql/types";
import { parseMigrationScript, type ParsedStatement } from "./parse-script";

export type EffectKind = "create" | "drop" | "alter" | "rename" | "data" | "procedural" | "unknown";

export type EffectObjectType =
  | "table"
  | "column"
  | "attribute"
  | "index"
  | "constraint"
  | "type"
  | "domain"
  | "enum_value"
  | "extension"
  | "function"
  | "procedure"
  | "aggregate"
  | "operator"
  | "collation"
  | "trigger"
  | "schema"
  | "sequence"
  | "view"
  | "materialized_view"
  | "policy"
  | "rule"
  | "comment"
  | "privilege"
  | "do_block"
  | "statement"
  | "other";

export type ConstraintType = "primary_key" | "unique" | "foreign_key" | "check" | "exclusion" | "not_null" | "other";

export interface StatementEffect {
  kind: EffectKind;
  objectType: EffectObjectType;
  schema: string | null;
  /** The table the object belongs to (for a table: the table itself; for an enum value: its enum type). */
  table: string | null;
  name: string | null;
  newName?: string | null;
  detail?: string;
  /** An IF EXISTS applies: the object's own, or for a command of ALTER TABLE IF EXISTS, its table's. */
  ifExists?: boolean;
  ifNotExists?: boolean;
  /** Indexes. */
  unique?: boolean;
  concurrently?: boolean;
  /** Constraints. */
  constraintType?: ConstraintType;
  /** Foreign keys: the referenced table. */
  references?: { schema: string | null; table: string } | null;
  /** Constraints added NOT VALID (existing rows are not checked). */
  notValid?: boolean;
}

export type DescribedStatement = ParsedStatement & { effects: StatementEffect[] };

export type DescribedScript =
  | { ok: true; statements: DescribedStatement[] }
  | { ok: false; statements: []; error: { message: string; line: number | null } };

/** Parses a script and describes each statement's effects; a script that does not parse gets the parser's error. */
export async function describeScript(sql: string): Promise<DescribedScript> {
  const parsed = await parseMigrationScript(sql);
  if (!parsed.ok) return parsed;
  return { ok: true, statements: parsed.statements.map((s) => ({ ...s, effects: describeEffects(s) })) };
}

export function describeEffects(statement: KindedNode): StatementEffect[] {
  return describeNode(statement, null);
}

const OBJECT_TYPES: Record<string, EffectObjectType> = {
  OBJECT_TABLE: "table",
  OBJECT_FOREIGN_TABLE: "table",
  OBJECT_COLUMN: "column",
  OBJECT_ATTRIBUTE: "attribute",
  OBJECT_INDEX: "index",
  OBJECT_TABCONSTRAINT: "constraint",
  OBJECT_DOMCONSTRAINT: "constraint",
  OBJECT_TYPE: "type",
  OBJECT_DOMAIN: "domain",
  OBJECT_EXTENSION: "extension",
  OBJECT_FUNCTION: "function",
  OBJECT_ROUTINE: "function",
  OBJECT_PROCEDURE: "procedure",
  OBJECT_AGGREGATE: "aggregate",
  OBJECT_OPERATOR: "operator",
  OBJECT_COLLATION: "collation",
  OBJECT_TRIGGER: "trigger",
  OBJECT_SCHEMA: "schema",
  OBJECT_SEQUENCE: "sequence",
  OBJECT_VIEW: "view",
  OBJECT_MATVIEW: "materialized_view",
  OBJECT_POLICY: "policy",
  OBJECT_RULE: "rule",
};

const CONSTRAINT_TYPES: Record<string, ConstraintType> = {
  CONSTR_PRIMARY: "primary_key",
  CONSTR_UNIQUE: "unique",
  CONSTR_FOREIGN: "foreign_key",
  CONSTR_CHECK: "check",
  CONSTR_EXCLUSION: "exclusion",
  CONSTR_NOTNULL: "not_null",
};

export function objectTypeOf(objectEnum: unknown): EffectObjectType {
  return OBJECT_TYPES[String(objectEnum)] ?? "other";
}

function describeNode(statement: KindedNode, defaultSchema: string | null): StatementEffect[] {
  const { kind, node } = statement;
  switch (kind) {
    case "CreateStmt":
      return describeCreateTable(node, defaultSchema);
    case "CreateTableAsStmt": {
      const rel = readRangeVar(node.into?.rel);
      const objectType = node.objtype === "OBJECT_MATVIEW" ? "materialized_view" : "table";
      const effect = onRelation("create", objectType, rel, defaultSchema);
      return [
        {
          ...effect,
          table: objectType === "table" ? effect.table : null,
          ifNotExists: node.if_not_exists === true,
          detail: "AS query",
        },
      ];
    }
    case "AlterTableStmt":
      return describeAlterTable(node);
    case "IndexStmt":
      return [describeIndex(node)];
    case "DropStmt":
      return describeDrop(node);
    case "RenameStmt":
      return [describeRename(node)];
    case "CreateEnumStmt": {
      const { schema, name } = splitQualified(readNames(node.typeName));
      const labels = readNames(node.vals).map((v) => `'${v}'`);
      return [
        {
          kind: "create",
          objectType: "type",
          schema: schema ?? defaultSchema,
          table: null,
          name,
          detail: `enum (${labels.join(", ")})`,
        },
      ];
    }
    case "CompositeTypeStmt": {
      const rel = readRangeVar(node.typevar);
      return [{ ...onRelation("create", "type", rel, defaultSchema), table: null, detail: "composite" }];
    }
    case "CreateRangeStmt": {
      const { schema, name } = splitQualified(readNames(node.typeName));
      return [
        { kind: "create", objectType: "type", schema: schema ?? defaultSchema, table: null, name, detail: "range" },
      ];
    }
    case "CreateDomainStmt": {
      const { schema, name } = splitQualified(readNames(node.domainname));
      return [
        {
          kind: "create",
          objectType: "domain",
          schema: schema ?? defaultSchema,
          table: null,
          name,
          detail: `over ${formatTypeName(node.typeName)}`,
        },
      ];
    }
    case "DefineStmt": {
      const { schema, name } = splitQualified(readNames(node.defnames));
      const objectType = objectTypeOf(node.kind);
      return [
        {
          kind: "create",
          objectType,
          schema: schema ?? defaultSchema,
          table: null,
          name,
          detail: objectType === "other" ? String(node.kind) : undefined,
        },
      ];
    }
    case "AlterEnumStmt":
      return [describeAlterEnum(node)];
    case "CreateExtensionStmt":
      return [
        {
          kind: "create",
          objectType: "extension",
          schema: null,
          table: null,
          name: asString(node.extname),
          ifNotExists: node.if_not_exists === true,
        },
      ];
    case "AlterExtensionStmt":
      return [
        {
          kind: "alter",
          objectType: "extension",
          schema: null,
          table: null,
          name: asString(node.extname),
          detail: "update",
        },
      ];
    case "CreateFunctionStmt": {
      const { schema, name } = splitQualified(readNames(node.funcname));
      const objectType = node.is_procedure === true ? "procedure" : "function";
      return [
        {
          kind: "create",
          objectType,
          schema: schema ?? defaultSchema,
          table: null,
          name,
          detail: node.replace === true ? "or replace" : undefined,
        },
      ];
    }
    case "CreateTrigStmt": {
      const rel = readRangeVar(node.relation);
      const details = [
        node.isconstraint === true ? "constraint trigger" : null,
        node.replace === true ? "or replace" : null,
      ].filter(Boolean);
      return [
        {
          kind: "create",
          objectType: "trigger",
          schema: rel?.schema ?? defaultSchema,
          table: rel?.name ?? null,
          name: asString(node.trigname),
          detail: details.length ? details.join(", ") : undefined,
        },
      ];
    }
    case "CreateSchemaStmt": {
      const name = asString(node.schemaname);
      const own: StatementEffect = {
        kind: "create",
        objectType: "schema",
        schema: null,
        table: null,
        name,
        ifNotExists: node.if_not_exists === true,
      };
      // CREATE SCHEMA s CREATE TABLE t …: the elements are created in s.
      const elements = asArray(node.schemaElts).flatMap((e) => {
        const element = toKindedNode(e);
        return element ? describeNode(element, name) : [];
      });
      return [own, ...elements];
    }
    case "CreateSeqStmt":
      return [
        {
          ...onRelation("create", "sequence", readRangeVar(node.sequence), defaultSchema),
          table: null,
          ifNotExists: node.if_not_exists === true,
        },
      ];
    case "AlterSeqStmt":
      return [
        {
          ...onRelation("alter", "sequence", readRangeVar(node.sequence), defaultSchema),
          table: null,
          ifExists: node.missing_ok === true,
        },
      ];
    case "ViewStmt":
      return [
        {
          ...onRelation("create", "view", readRangeVar(node.view), defaultSchema),
          table: null,
          detail: node.replace === true ? "or replace" : undefined,
        },
      ];
    case "RefreshMatViewStmt":
      return [
        {
          ...onRelation("data", "materialized_view", readRangeVar(node.relation), defaultSchema),
          table: null,
          detail: "refresh",
        },
      ];
    case "CreatePolicyStmt":
      return [
        {
          ...onRelation("create", "policy", readRangeVar(node.table), defaultSchema),
          name: asString(node.policy_name),
        },
      ];
    case "AlterPolicyStmt":
      return [
        { ...onRelation("alter", "policy", readRangeVar(node.table), defaultSchema), name: asString(node.policy_name) },
      ];
    case "DoStmt":
      return [
        {
          kind: "procedural",
          objectType: "do_block",
          schema: null,
          table: null,
          name: null,
          detail: "DO block: opaque to static analysis; it does whatever its code decides at run time",
        },
      ];
    case "InsertStmt":
      return [{ ...onRelation("data", "table", readRangeVar(node.relation), defaultSchema), detail: "insert" }];
    case "UpdateStmt":
      return [
        {
          ...onRelation("data", "table", readRangeVar(node.relation), defaultSchema),
          detail: node.whereClause ? "update" : "update (every row: no WHERE)",
        },
      ];
    case "DeleteStmt":
      return [
        {
          ...onRelation("data", "table", readRangeVar(node.relation), defaultSchema),
          detail: node.whereClause ? "delete" : "delete (every row: no WHERE)",
        },
      ];
    case "MergeStmt":
      return [{ ...onRelation("data", "table", readRangeVar(node.relation), defaultSchema), detail: "merge" }];
    case "TruncateStmt":
      return asArray(node.relations).map((r) => ({
        ...onRelation("data", "table", readRangeVar(unwrapAs("RangeVar", r)), defaultSchema),
        detail: "truncate (every row)",
      }));
    case "CommentStmt":
      return [
        {
          kind: "alter",
          objectType: "comment",
          schema: null,
          table: null,
          name: null,
          detail: `on ${objectTypeOf(node.objtype)}`,
        },
      ];
    case "GrantStmt":
      return [
        {
          kind: "alter",
          objectType: "privilege",
          schema: null,
          table: null,
          name: null,
          detail: node.is_grant === true ? "grant" : "revoke",
        },
      ];
    default:
      return [unknownEffect(statement)];
  }
}

function unknownEffect(statement: KindedNode): StatementEffect {
  const sub =
    statement.kind === "TransactionStmt" ? ` (${String(statement.node.kind ?? "").replace("TRANS_STMT_", "")})` : "";
  return {
    kind: "unknown",
    objectType: "statement",
    schema: null,
    table: null,
    name: null,
    detail: `${statement.kind}${sub}`,
  };
}

function onRelation(
  kind: EffectKind,
  objectType: EffectObjectType,
  rel: RelationRef | null,
  defaultSchema: string | null,
): StatementEffect {
  return { kind, objectType, schema: rel?.schema ?? defaultSchema, table: rel?.name ?? null, name: rel?.name ?? null };
}

function describeCreateTable(node: CreateStmt, defaultSchema: string | null): StatementEffect[] {
  const rel = readRangeVar(node.relation);
  const elements = asArray(node.tableElts);
  const columns = elements.filter((e) => unwrapAs("ColumnDef", e)).length;
  const partitionOf = asArray(node.inhRelations).length > 0 && node.partbound ? " (partition)" : "";
  const table: StatementEffect = {
    ...onRelation("create", "table", rel, defaultSchema),
    ifNotExists: node.if_not_exists === true,
    detail: `${columns} column${columns === 1 ? "" : "s"}${partitionOf}`,
  };
  const constraints = elements
    .flatMap((e) => unwrapAs("Constraint", e) ?? [])
    // Skipped along with the table by IF NOT EXISTS.
    .map((c) => ({
      ...describeConstraint(c),
      schema: table.schema,
      table: table.table,
      ifNotExists: table.ifNotExists,
    }));
  return [table, ...constraints];
}

function describeConstraint(c: Constraint): Omit<StatementEffect, "schema" | "table"> {
  const constraintType = CONSTRAINT_TYPES[String(c.contype)] ?? "other";
  const pk = readRangeVar(c.pktable);
  const notValid = c.skip_validation === true;
  const parts = [constraintType.replace("_", " ")];
  if (pk) parts.push(`references ${pk.schema ? `${pk.schema}.` : ""}${pk.name}`);
  if (notValid) parts.push("not valid");
  return {
    kind: "create",
    objectType: "constraint",
    name: asString(c.conname),
    constraintType,
    references: pk ? { schema: pk.schema, table: pk.name } : null,
    notValid,
    detail: parts.join(", "),
  };
}

function describeIndex(node: IndexStmt): StatementEffect {
  const rel = readRangeVar(node.relation);
  const columns = asArray(node.indexParams).map((p) => unwrapAs("IndexElem", p)?.name ?? "(expression)");
  const unique = node.unique === true;
  return {
    kind: "create",
    objectType: "index",
    schema: rel?.schema ?? null,
    table: rel?.name ?? null,
    name: asString(node.idxname),
    ifNotExists: node.if_not_exists === true,
    unique,
    concurrently: node.concurrent === true,
    detail: `${unique ? "unique " : ""}on (${columns.join(", ")})`,
  };
}

function describeAlterTable(node: AlterTableStmt): StatementEffect[] {
  const rel = readRangeVar(node.relation);
  const target = objectTypeOf(node.objtype);
  const ifExists = node.missing_ok === true ? { ifExists: true } : {};
  const base = { schema: rel?.schema ?? null, table: rel?.name ?? null };
  // ALTER TYPE t ADD ATTRIBUTE is an AlterTableStmt on a composite type: its "columns" are attributes.
  const columnType: EffectObjectType = target === "type" ? "attribute" : "column";
  return asArray(node.cmds).map((entry): StatementEffect => {
    const cmd = unwrapAs("AlterTableCmd", entry) ?? {};
    const name = asString(cmd.name);
    const column = unwrapAs("ColumnDef", cmd.def);
    const constraint = unwrapAs("Constraint", cmd.def);
    const missingOk = cmd.missing_ok === true;
    switch (cmd.subtype) {
      case "AT_AddColumn": {
        const constraints = columnConstraintTypes(column ?? {}).map((c) =>
          (CONSTRAINT_TYPES[c] ?? c.replace("CONSTR_", "").toLowerCase()).replace("_", " "),
        );
        const detail = [formatTypeName(column?.typeName), ...constraints].join(" ");
        return {
          kind: "create",
          objectType: columnType,
          ...base,
          name: column?.colname ?? null,
          detail,
          ifNotExists: missingOk,
          ...ifExists,
        };
      }
      case "AT_DropColumn":
        return {
          kind: "drop",
          objectType: columnType,
          ...base,
          name,
          ifExists: missingOk || node.missing_ok === true,
          detail: cmd.behavior === "DROP_CASCADE" ? "cascade" : undefined,
        };
      case "AT_AlterColumnType": {
        const using = column?.raw_default ? " using an expression" : "";
        return {
          kind: "alter",
          objectType: columnType,
          ...base,
          name,
          detail: `type ${formatTypeName(column?.typeName)}${using}`,
          ...ifExists,
        };
      }
      case "AT_SetNotNull":
        return { kind: "alter", objectType: "column", ...base, name, detail: "set not null", ...ifExists };
      case "AT_DropNotNull":
        return { kind: "alter", objectType: "column", ...base, name, detail: "drop not null", ...ifExists };
      case "AT_ColumnDefault":
        return {
          kind: "alter",
          objectType: "column",
          ...base,
          name,
          detail: cmd.def ? "set default" : "drop default",
          ...ifExists,
        };
      case "AT_AddConstraint":
        if (constraint) return { ...describeConstraint(constraint), ...base, ...ifExists };
        break;
      case "AT_DropConstraint":
        return {
          kind: "drop",
          objectType: "constraint",
          ...base,
          name,
          ifExists: missingOk || node.missing_ok === true,
          detail: cmd.behavior === "DROP_CASCADE" ? "cascade" : undefined,
        };
      case "AT_ValidateConstraint":
        return { kind: "alter", objectType: "constraint", ...base, name, detail: "validate", ...ifExists };
    }
    const subtype = String(cmd.subtype ?? "unknown");
    const what = subtype.startsWith("AT_") ? subtype.slice(3) : subtype;
    return {
      kind: "alter",
      objectType: target === "other" ? "other" : target,
      ...base,
      name:
        target === "table" ||
        target === "index" ||
        target === "sequence" ||
        target === "view" ||
        target === "materialized_view"
          ? (rel?.name ?? null)
          : name,
      detail: `${what}${name ? ` ${name}` : ""}`,
      ...ifExists,
    };
  });
}

// How DROP names its objects depends on the object: a qualified name, a TypeName, a function signature,
// or (triggers, policies, rules) the table's qualified name followed by the object's name.
function describeDrop(node: DropStmt): StatementEffect[] {
  const objectType = objectTypeOf(node.removeType);
  const onTable = objectType === "trigger" || objectType === "policy" || objectType === "rule";
  return asArray(node.objects).map((object): StatementEffect => {
    const names = dropObjectNames(object);
    const name = names[names.length - 1] ?? null;
    const table = onTable ? (names[names.length - 2] ?? null) : objectType === "table" ? name : null;
    const schema = onTable ? (names[names.length - 3] ?? null) : names.length > 1 ? names[names.length - 2] : null;
    const details = [
      node.behavior === "DROP_CASCADE" ? "cascade" : null,
      node.concurrent === true ? "concurrently" : null,
    ].filter(Boolean);
    return {
      kind: "drop",
      objectType,
      schema,
      table,
      name,
      ifExists: node.missing_ok === true,
      ...(details.length ? { detail: details.join(", ") } : {}),
      ...(objectType === "other" ? { detail: String(node.removeType) } : {}),
    };
  });
}

export function dropObjectNames(object: Node | null | undefined): string[] {
  const [kind, inner] = unwrapNode(object);
  if (kind === "List") return readNames(object);
  if (kind === "String") return [inner.sval ?? ""];
  if (kind === "TypeName") return readNames(inner.names);
  if (kind === "ObjectWithArgs") return readNames(inner.objname);
  return [];
}

function describeRename(node: RenameStmt): StatementEffect {
  const objectType = objectTypeOf(node.renameType);
  const rel = readRangeVar(node.relation);
  const newName = asString(node.newname);
  const ifExists = node.missing_ok === true;
  const subname = asString(node.subname);
  if (rel) {
    const isSub =
      objectType === "column" ||
      objectType === "attribute" ||
      objectType === "constraint" ||
      objectType === "trigger" ||
      objectType === "policy" ||
      objectType === "rule";
    const isTable = objectType === "table";
    return {
      kind: "rename",
      objectType,
      schema: rel.schema,
      table: isSub || isTable ? rel.name : null,
      name: isSub ? subname : rel.name,
      newName,
      ifExists,
    };
  }
  if (objectType === "schema")
    return { kind: "rename", objectType, schema: null, table: null, name: subname, newName, ifExists };
  const { schema, name } = splitQualified(dropObjectNames(node.object));
  return {
    kind: "rename",
    objectType,
    schema,
    table: null,
    name,
    newName,
    ifExists,
    ...(objectType === "other" ? { detail: String(node.renameType) } : {}),
  };
}

function describeAlterEnum(node: AlterEnumStmt): StatementEffect {
  const { schema, name: typeName } = splitQualified(readNames(node.typeName));
  const oldVal = asString(node.oldVal);
  const newVal = asString(node.newVal);
  if (oldVal !== null) {
    return {
      kind: "rename",
      objectType: "enum_value",
      schema,
      table: typeName,
      name: oldVal,
      newName: newVal,
      detail: `of type ${typeName}`,
    };
  }
  const neighbor = asString(node.newValNeighbor);
  const position = neighbor ? ` ${node.newValIsAfter === true ? "after" : "before"} '${neighbor}'` : "";
  return {
    kind: "create",
    objectType: "enum_value",
    schema,
    table: typeName,
    name: newVal,
    detail: `of type ${typeName}${position}`,
    ifNotExists: node.skipIfNewValExists === true,
  };
}
