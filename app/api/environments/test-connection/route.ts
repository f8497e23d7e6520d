import { applySchema, testConnection } from "@/lib/environments/registry";
import type { TestConnectionResult } from "@/lib/api/responses";
import { testConnectionBody } from "@/lib/api/schemas";
import { route } from "@/lib/server/route";

export const POST = route(
  { role: "admin", body: testConnectionBody },
  async ({ body }): Promise<TestConnectionResult> =>
    testConnection(applySchema(body.databaseUrl, body.schema), { connectTimeoutMs: body.connectTimeoutMs ?? 5000 }),
);
