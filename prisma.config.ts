// Prisma 7 configuration: only `prisma generate` uses the CLI; migrations run through lib/migrations/engine.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
