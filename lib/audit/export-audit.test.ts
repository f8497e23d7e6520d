import { describe, expect, it } from "vitest";
import { toCsv } from "./export-audit";
import type { AuditEventView } from "./views";

function event(overrides: Partial<AuditEventView>): AuditEventView {
  return {
    seq: "1",
    at: "2026-01-15T10:00:03.000Z",
    event: "request",
    actor: "user:a",
    actorLabel: "alice@example.com",
    actorRole: "operator",
    environmentId: "env-1",
    environmentName: "prod",
    actionId: null,
    actionKind: "deploy",
    outcome: "accepted",
    arguments: null,
    fingerprintBefore: null,
    fingerprintAfter: null,
    engineLog: null,
    message: null,
    durationMs: null,
    clientAddress: null,
    userAgent: null,
    prevHash: "0".repeat(64),
    hash: "a".repeat(64),
    ...overrides,
  };
}

/** A minimal RFC 4180 reader, to check that what we write reads back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("toCsv", () => {
  it("writes a header row and quotes commas, quotes and line breaks", () => {
    const csv = toCsv([event({ message: 'said "no", then\nleft', durationMs: 1200 })]);
    expect(
      csv.startsWith(
        "seq,at,event,actor,actorLabel,actorRole,environmentId,environmentName,actionId,actionKind,outcome,arguments,",
      ),
    ).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv).toContain('"said ""no"", then\nleft"');
    const [header, row] = parseCsv(csv);
    expect(row).toHaveLength(header.length);
    expect(row[header.indexOf("message")]).toBe('said "no", then\nleft');
    expect(row[header.indexOf("durationMs")]).toBe("1200");
    expect(row[header.indexOf("actionId")]).toBe("");
  });

  it("serialises the JSON columns", () => {
    const [header, row] = parseCsv(
      toCsv([event({ arguments: { migration: "20260101_a", rows: [1, 2] }, engineLog: ["line 1", "line 2"] })]),
    );
    expect(JSON.parse(row[header.indexOf("arguments")])).toEqual({ migration: "20260101_a", rows: [1, 2] });
    expect(JSON.parse(row[header.indexOf("engineLog")])).toEqual(["line 1", "line 2"]);
  });

  it("neutralises cells a spreadsheet would run as formulas", () => {
    const csv = toCsv([
      event({
        message: '=HYPERLINK("http://evil","x")',
        actorLabel: "+1+1",
        environmentName: "-2",
        userAgent: "@SUM(A1)",
        clientAddress: "\t=1",
      }),
    ]);
    const [header, row] = parseCsv(csv);
    expect(row[header.indexOf("message")]).toBe('\'=HYPERLINK("http://evil","x")');
    expect(row[header.indexOf("actorLabel")]).toBe("'+1+1");
    expect(row[header.indexOf("environmentName")]).toBe("'-2");
    expect(row[header.indexOf("userAgent")]).toBe("'@SUM(A1)");
    expect(row[header.indexOf("clientAddress")]).toBe("'\t=1");
    expect(row[header.indexOf("event")]).toBe("request");
  });

  it("writes only the header for no events", () => {
    expect(parseCsv(toCsv([]))).toHaveLength(1);
  });
});
