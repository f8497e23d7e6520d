// One short-lived, read-only session on a target for the catalog checks of diagnosis and preflight.
import pg from "pg";
import { parseDatabaseUrl, toPgConfig } from "../migrations/database-url";
import { toConnectionError } from "../migrations/errors";

export async function withReadOnlyTarget<T>(
  url: string,
  options: { connectTimeoutMs?: number; statementTimeoutMs?: number; applicationName: string },
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const target = parseDatabaseUrl(url);
  const client = new pg.Client({
    ...toPgConfig(target, { connectTimeoutMs: options.connectTimeoutMs, applicationName: options.applicationName }),
    statement_timeout: options.statementTimeoutMs ?? 10_000,
  });
  client.on("error", () => {}); // surfaces as the failing query's error
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw toConnectionError(e, `${target.host}:${target.port}/${target.database}`);
  }
  try {
    await client.query("BEGIN TRANSACTION READ ONLY");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    throw e instanceof Error &&
      "code" in e &&
      typeof (e as { code: unknown }).code === "string" &&
      !(e as { code: string }).code.startsWith("P")
      ? toConnectionError(e, `${target.host}:${target.port}/${target.database}`)
      : e;
  } finally {
    await client.end().catch(() => {});
  }
}
