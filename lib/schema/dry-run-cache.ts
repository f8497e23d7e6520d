// One dry run per environment state, shared by the preflight a person opens and the request that follows it.
import type { DryRunResult } from "./dry-run";

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; result: Promise<DryRunResult> }>();

export function cachedDryRun(key: string, run: () => Promise<DryRunResult>): Promise<DryRunResult> {
  const now = Date.now();
  for (const [k, v] of cache) if (now - v.at > TTL_MS) cache.delete(k);
  const hit = cache.get(key);
  if (hit) return hit.result;
  const result = run();
  cache.set(key, { at: now, result });
  result.catch(() => cache.delete(key));
  return result;
}
