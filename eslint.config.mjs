// ESLint 9 flat config: Next.js's rules (core web vitals, TypeScript, React hooks), then this project's own.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  // Formatting is Prettier's job (npm run format); ESLint keeps to code.
  prettier,
  globalIgnores([
    ".next/**",
    ".data/**",
    "lib/generated/**",
    "node_modules/**",
    "playwright-report/**",
    "test-results/**",
    "next-env.d.ts",
  ]),
  {
    rules: {
      // `_name` marks a value left out on purpose (`const { migrations: _omitted, ...summary } = status`).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "react-hooks/exhaustive-deps": "error",
      "no-control-regex": "error",
    },
  },
  {
    // Not React: Playwright's fixture callback is named `use`, and the test harness's `useTestDatabase()` sets
    // up a database per test file. The hook rules would read both as React hooks.
    files: ["**/*.test.ts", "e2e/**", "lib/testing/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // Client code reaches the server through the JSON routes only: lib/server holds secrets, sessions and the database.
    files: ["components/**", "lib/client/**", "lib/api/**", "app/providers.tsx"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/server/*", "**/lib/server/*", "../server/*"],
              message: "Client code must not import server modules (lib/server).",
            },
            {
              group: ["@/lib/generated/*", "**/generated/prisma/*"],
              message: "Client code must not import the Prisma client.",
            },
          ],
        },
      ],
    },
  },
]);
