// A small PostgreSQL tokenizer for display only (not a parser): keywords, types, strings, comments, quoted
// identifiers, numbers and dollar-quote delimiters. Linear time, never throws, and the tokens concatenate back
// to the exact input, so the highlighted view shows precisely the SQL that ran.

export type SqlTokenKind = "keyword" | "type" | "string" | "comment" | "identifier" | "number" | "dollar" | "plain";

export interface SqlToken {
  kind: SqlTokenKind;
  text: string;
}

const KEYWORDS = new Set(
  `ADD ALL ALTER ALWAYS AND ANY ARRAY AS ASC BEGIN BETWEEN BY CASCADE CASE CAST CHECK COLLATE COLUMN COMMENT COMMIT
  CONCURRENTLY CONSTRAINT CREATE CROSS CURRENT_DATE CURRENT_TIMESTAMP DATA DECLARE DEFAULT DEFERRABLE DEFERRED DELETE
  DESC DISTINCT DO DROP EACH ELSE ELSIF END ENUM EXCEPTION EXECUTE EXISTS EXTENSION FALSE FOR FOREIGN FROM FULL FUNCTION
  GENERATED GRANT GROUP HAVING IDENTITY IF ILIKE IMMEDIATE IN INDEX INITIALLY INNER INSERT INTO IS JOIN KEY LANGUAGE LEFT
  LIKE LIMIT LOCK LOOP MATCH NEW NO NOT NOTICE NOWAIT NULL OF OFFSET OLD ON ONLY OR ORDER OUTER PERFORM PRIMARY PROCEDURE
  RAISE REFERENCES RENAME REPLACE RESTRICT RETURN RETURNING RETURNS REVOKE RIGHT ROLLBACK ROW SCHEMA SELECT SEQUENCE SET
  STORED TABLE TEMP TEMPORARY THEN TO TRANSACTION TRIGGER TRUE TYPE UNION UNIQUE UNLOGGED UPDATE USING VALUES VIEW WHEN
  WHERE WITH WITHOUT ZONE ACTION PLPGSQL`.split(/\s+/),
);

const TYPES = new Set(
  `BIGINT BIGSERIAL BIT BOOL BOOLEAN BYTEA CHAR CHARACTER CITEXT DATE DECIMAL DOUBLE FLOAT FLOAT4 FLOAT8 INET INT INT2
  INT4 INT8 INTEGER INTERVAL JSON JSONB MONEY NUMERIC PRECISION REAL SERIAL SMALLINT SMALLSERIAL TEXT TIME TIMESTAMP
  TIMESTAMPTZ TIMETZ TSVECTOR UUID VARCHAR VARYING XML`.split(/\s+/),
);

const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const DOLLAR_TAG = /\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/y;

function matchAt(pattern: RegExp, sql: string, index: number): string | null {
  pattern.lastIndex = index;
  const match = pattern.exec(sql);
  return match ? match[0] : null;
}

/** End index (exclusive) of a `/* … *\/` comment starting at `start`; PostgreSQL nests them. */
function endOfBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith("/*", i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith("*/", i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

/** End index of a quoted run starting at `start` (the opening quote); doubled quotes escape, backslashes too in E''. */
function endOfQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === "\\") {
      i += 2;
    } else if (ch === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$]/.test(ch);
}

export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  const push = (kind: SqlTokenKind, text: string) => {
    const last = tokens.at(-1);
    if (kind === "plain" && last?.kind === "plain") last.text += text;
    else tokens.push({ kind, text });
  };

  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];

    if (ch === "-" && next === "-") {
      const newline = sql.indexOf("\n", i);
      const end = newline === -1 ? sql.length : newline;
      push("comment", sql.slice(i, end));
      i = end;
    } else if (ch === "/" && next === "*") {
      const end = endOfBlockComment(sql, i);
      push("comment", sql.slice(i, end));
      i = end;
    } else if ((ch === "E" || ch === "e") && next === "'" && !isWordChar(sql[i - 1])) {
      const end = endOfQuoted(sql, i + 1, "'", true);
      push("string", sql.slice(i, end));
      i = end;
    } else if (ch === "'") {
      const end = endOfQuoted(sql, i, "'", false);
      push("string", sql.slice(i, end));
      i = end;
    } else if (ch === '"') {
      const end = endOfQuoted(sql, i, '"', false);
      push("identifier", sql.slice(i, end));
      i = end;
    } else if (ch === "$" && !isWordChar(sql[i - 1]) && matchAt(DOLLAR_TAG, sql, i)) {
      // Dollar quotes in migrations almost always wrap PL/pgSQL (DO $$ … $$): keep highlighting the body as code.
      const tag = matchAt(DOLLAR_TAG, sql, i)!;
      push("dollar", tag);
      i += tag.length;
    } else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(next ?? ""))) {
      const number = isWordChar(sql[i - 1]) ? null : matchAt(NUMBER, sql, i);
      const text = number ?? ch;
      push(number ? "number" : "plain", text);
      i += text.length;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(ch)) {
      const word = matchAt(WORD, sql, i) ?? ch;
      const upper = word.toUpperCase();
      push(KEYWORDS.has(upper) ? "keyword" : TYPES.has(upper) ? "type" : "plain", word);
      i += word.length;
    } else {
      push("plain", ch);
      i += 1;
    }
  }
  return tokens;
}
