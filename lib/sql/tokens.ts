// PostgreSQL's own lexer (libpg-query `scan`): token positions for edits that the AST locates but does not
// spell out (where `TABLE` ends, which comma separates two ALTER TABLE commands). Never a regex.
import { scan } from "libpg-query";

export interface Token {
  /** Byte offsets in the scanned script. */
  start: number;
  end: number;
  text: string;
  /** Upper-cased text for keywords, so `table` and `TABLE` compare equal; the raw text otherwise. */
  word: string;
  isKeyword: boolean;
  isComment: boolean;
  /** A `-- …` comment runs to the end of the line: text placed after it must start on a new line. */
  isLineComment: boolean;
}

export async function scanTokens(script: string): Promise<Token[]> {
  const result = await scan(script);
  return result.tokens.map((t) => {
    const isKeyword = t.keywordKind > 0;
    return {
      start: t.start,
      end: t.end,
      text: t.text,
      word: isKeyword ? t.text.toUpperCase() : t.text,
      isKeyword,
      isComment: t.tokenName === "SQL_COMMENT" || t.tokenName === "C_COMMENT",
      isLineComment: t.tokenName === "SQL_COMMENT",
    };
  });
}

/** Tokens that lie within [start, end) (both byte offsets), in order. */
export function tokensBetween(tokens: Token[], start: number, end: number): Token[] {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (tokens[mid].start < start) low = mid + 1;
    else high = mid;
  }
  const out: Token[] = [];
  for (let i = low; i < tokens.length && tokens[i].end <= end; i++) out.push(tokens[i]);
  return out;
}

/** The code tokens (comments dropped). */
export function codeOnly(tokens: Token[]): Token[] {
  return tokens.filter((t) => !t.isComment);
}

export function isWord(token: Token | undefined, keyword: string): boolean {
  return token !== undefined && token.isKeyword && token.word === keyword;
}

/** Index of the first token at or after `from` that is the keyword `keyword`, or -1. */
export function findKeyword(tokens: Token[], keyword: string, from = 0): number {
  for (let i = Math.max(0, from); i < tokens.length; i++) if (isWord(tokens[i], keyword)) return i;
  return -1;
}

/** Index of the last keyword token among `keywords` that starts before byte `before`, or -1. */
export function findLastKeywordBefore(tokens: Token[], keywords: string[], before: number): number {
  let found = -1;
  for (let i = 0; i < tokens.length && tokens[i].start < before; i++)
    if (tokens[i].isKeyword && keywords.includes(tokens[i].word)) found = i;
  return found;
}

/** Index of the token starting exactly at byte `location`, or -1. */
export function tokenAt(tokens: Token[], location: number): number {
  return tokens.findIndex((t) => t.start === location);
}

/**
 * Splits tokens at commas outside parentheses and brackets: the command list of an ALTER TABLE.
 * Each part keeps its comments.
 */
export function splitTopLevel(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (!t.isComment && (t.text === "(" || t.text === "[")) depth++;
    else if (!t.isComment && (t.text === ")" || t.text === "]")) depth--;
    else if (!t.isComment && depth === 0 && t.text === ",") {
      parts.push([]);
      continue;
    }
    parts[parts.length - 1].push(t);
  }
  return parts;
}
