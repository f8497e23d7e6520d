// Two environments' live schemas compared (lib/schema/compare.ts), for the environment page and the API.
import { getEnvironmentTarget, type RegistryContext } from "../environments/registry";
import { RegistryError } from "../environments/errors";
import { compareSchemas } from "./compare";
import type { SchemaCompareView } from "./views";

export async function compareEnvironments(
  ctx: RegistryContext,
  fromId: string,
  toId: string,
): Promise<SchemaCompareView> {
  if (fromId === toId)
    throw new RegistryError("invalid", "same_environment", "Pick another environment to compare with.");
  const [from, to] = await Promise.all([getEnvironmentTarget(ctx, fromId), getEnvironmentTarget(ctx, toId)]);
  const result = await compareSchemas(from.url, to.url, {
    connectTimeoutMs: Math.max(from.environment.connectTimeoutMs, to.environment.connectTimeoutMs),
  });
  return {
    from: { id: from.environment.id, name: from.environment.name },
    to: { id: to.environment.id, name: to.environment.name },
    ...result,
  };
}
