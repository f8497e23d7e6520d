import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, fetchJson } from "./fetch-json";

afterEach(() => vi.unstubAllGlobals());

function stubFetch(response: Response | Error) {
  const mock = vi.fn(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal("fetch", mock);
  return mock;
}

describe("fetchJson", () => {
  it("returns parsed JSON and sends JSON bodies with a content type", async () => {
    const mock = stubFetch(new Response(JSON.stringify({ ok: true }), { status: 201 }));
    await expect(fetchJson("/api/x", { body: { a: 1 } })).resolves.toEqual({ ok: true });
    const init = mock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init[1].method).toBe("POST");
    expect((init[1].headers as Record<string, string>)["Content-Type"]).toBe("application/json");
  });

  it("turns the error body into an ApiError with code, message and issues", async () => {
    stubFetch(
      new Response(
        JSON.stringify({
          error: {
            code: "invalid_input",
            message: "The request is not valid.",
            issues: [{ path: "name", message: "Required" }],
          },
        }),
        { status: 400 },
      ),
    );
    const error = await fetchJson("/api/x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: "invalid_input",
      message: "The request is not valid.",
      issues: [{ path: "name", message: "Required" }],
    });
  });

  it("explains non-JSON error bodies by status", async () => {
    stubFetch(new Response("<html>Bad gateway</html>", { status: 502 }));
    await expect(fetchJson("/api/x")).rejects.toMatchObject({
      status: 502,
      code: "HTTP_502",
      message: expect.stringMatching(/HTTP 502/),
    });
  });

  it("reports a non-JSON success body", async () => {
    stubFetch(new Response("<html></html>", { status: 200 }));
    await expect(fetchJson("/api/x")).rejects.toMatchObject({ code: "BAD_RESPONSE" });
  });

  it("reports network failures clearly", async () => {
    stubFetch(new TypeError("Failed to fetch"));
    await expect(fetchJson("/api/x")).rejects.toMatchObject({
      status: 0,
      code: "NETWORK",
      message: expect.stringMatching(/Could not reach/),
    });
  });
});
