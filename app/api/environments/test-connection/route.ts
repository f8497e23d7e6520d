import { applySchema, testConnection } from "@/lib/environments/registry";
import { route } from "@/lib/server/route";
import { testConnectionBody } from "@/lib/server/schemas";

export const POST = route({ role: "admin", body: testConnectionBody }, async ({ body }) =>
  testConnection(applySchema(body.databaseUrl, body.schema), { connectTimeoutMs: body.connectTimeoutMs ?? 5000 }),
);
