import { describe, expect, it } from "vitest";
import { DEFAULT_MATRIX_FILTER, readMatrixFilter, writeMatrixFilter } from "./matrix-filter";

describe("the matrix filter in the address", () => {
  it("round-trips, leaving defaults and other parameters alone", () => {
    const params = writeMatrixFilter(new URLSearchParams("other=1"), { show: "failed", search: "t_09" });
    expect(params.toString()).toBe("other=1&show=failed&q=t_09");
    expect(readMatrixFilter(params)).toEqual({ show: "failed", search: "t_09" });
    expect(writeMatrixFilter(params, DEFAULT_MATRIX_FILTER).toString()).toBe("other=1");
  });

  it("reads what it does not know as the default", () => {
    expect(readMatrixFilter(new URLSearchParams("show=everything"))).toEqual(DEFAULT_MATRIX_FILTER);
    expect(readMatrixFilter(new URLSearchParams(`q=${"x".repeat(1000)}`)).search).toHaveLength(255);
  });
});
