import { defineConfig } from "vitest/config";

// Two suites, run separately by `pnpm test` so it can print counts per suite:
// - unit: pure packages and browser-free modeler logic; no database.
// - integration: the runtime against real PostgreSQL (and PGlite), real HTTP.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "packages/*/src/**/*.test.ts",
            "packages/*/test/**/*.test.ts",
            "apps/modeler/src/**/*.test.{ts,tsx}",
            "apps/runtime/src/**/*.test.ts",
            "scripts/**/*.test.ts",
          ],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["apps/runtime/test/**/*.test.ts"],
          environment: "node",
          globalSetup: ["apps/runtime/test/globalSetup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
