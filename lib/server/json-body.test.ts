// JSON bodies: NUL refused with its path, deep nesting handled without blowing the stack (issue 13, item 11).
import { expect, it } from "vitest";
import { z } from "zod";
import { HttpError } from "./http-error";
import { parseJsonText } from "./json-body";

it("refuses NUL in a value or a key, naming where it is", () => {
  const error = (() => {
    try {
      parseJsonText('{"source":{"files":{"a/migration.sql":"x\\u0000y"}}}');
    } catch (e) {
      return e;
    }
  })();
  expect(error).toBeInstanceOf(z.ZodError);
  expect((error as z.ZodError).issues[0].path).toEqual(["source", "files", "a/migration.sql"]);
  expect(() => parseJsonText('{"k\\u0000":1}')).toThrow(z.ZodError);
  expect(() => parseJsonText("{")).toThrow(HttpError);
});

it("walks 20,000 levels of nesting", () => {
  const deep = "[".repeat(20000) + '"\\u0000"' + "]".repeat(20000);
  expect(() => parseJsonText(deep)).toThrow(z.ZodError);
  expect(parseJsonText("[".repeat(20000) + "]".repeat(20000))).toBeInstanceOf(Array);
});
