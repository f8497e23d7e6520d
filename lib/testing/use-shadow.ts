// Vitest hook: a shadow service on the suite's server for the tests of a file, stopped (its databases dropped) after.
import { afterAll, beforeAll, inject } from "vitest";
import { createShadowService, type ShadowService } from "../schema/shadow-service";

export function useShadowService(): () => ShadowService {
  let service: ShadowService | null = null;
  beforeAll(async () => {
    service = await createShadowService({ serverUrl: inject("adminUrl") });
  });
  afterAll(async () => {
    await service?.stop();
    service = null;
  });
  return () => {
    if (!service) throw new Error("useShadowService: no service outside a test");
    return service;
  };
}
