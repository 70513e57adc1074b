// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { builtinModules } from "node:module";

/**
 * packages/model and packages/engine are pure: no I/O, no clock, no timers, no randomness,
 * no Node built-ins, no Prisma, no React. The runtime passes time in as an argument and
 * performs every effect the engine returns (see docs/architecture.md).
 */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const pureRestrictedImports = {
  paths: nodeBuiltins.map((name) => ({
    name,
    message: "packages/model and packages/engine are pure: no Node built-ins.",
  })),
  patterns: [
    { group: ["node:*"], message: "No Node built-ins in pure packages." },
    {
      group: ["@prisma/*", "prisma", "pg", "@electric-sql/*"],
      message: "No database access in pure packages.",
    },
    { group: ["react", "react-*", "@xyflow/*", "zustand", "zustand/*"], message: "No UI in pure packages." },
    {
      group: ["@flowstate/runtime", "@flowstate/modeler", "@trpc/*"],
      message: "Pure packages depend on nothing but the model and small pure libraries.",
    },
  ],
};
const impureGlobals = [
  "process",
  "setTimeout",
  "setInterval",
  "setImmediate",
  "clearTimeout",
  "clearInterval",
  "queueMicrotask",
  "fetch",
  "require",
  "Buffer",
  "__dirname",
  "__filename",
  "performance",
  "crypto",
  "localStorage",
  "window",
  "document",
  "XMLHttpRequest",
  "WebSocket",
].map((name) => ({
  name,
  message: "Pure packages get time, I/O and randomness from their caller.",
}));

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/generated/**",
      "e2e/test-results/**",
      "e2e/playwright-report/**",
      ".flowstate/**",
      "**/*.d.ts",
      // Deliberately broken code that lint/noCycle.test.ts lints on its own.
      "lint/fixtures/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "separate-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // No import cycles in any workspace. The rule follows value imports (type-only imports are
    // erased); `pnpm cycles` (madge) checks type imports too.
    files: ["**/*.{ts,tsx,js,mjs}"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".tsx", ".js", ".mjs"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [
        createTypeScriptImportResolver({
          alwaysTryTypes: true,
          noWarnOnMultipleProjects: true,
          project: [
            "apps/*/tsconfig.json",
            "packages/*/tsconfig.json",
            "e2e/tsconfig.json",
            "bench/tsconfig.json",
          ],
        }),
      ],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    files: ["packages/model/src/**/*.ts", "packages/engine/src/**/*.ts", "packages/diagram/src/**/*.ts"],
    languageOptions: { globals: {} },
    rules: {
      "no-restricted-imports": ["error", pureRestrictedImports],
      "no-restricted-globals": ["error", ...impureGlobals],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Pure packages receive `now` as an argument." },
        { object: "Math", property: "random", message: "Pure packages take no randomness." },
        { object: "crypto", property: "randomUUID", message: "Pure packages take no randomness." },
        { object: "globalThis", message: "Pure packages do not reach for globals." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "`new Date()` reads the clock; take `now` as an argument.",
        },
        { selector: "CallExpression[callee.name='Date']", message: "`Date()` reads the clock." },
        { selector: "ImportExpression", message: "No dynamic imports in pure packages." },
      ],
    },
  },
  {
    files: ["apps/modeler/src/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: [
      "**/*.test.ts",
      "**/*.test.tsx",
      "**/test/support/**",
      "e2e/**/*.ts",
      "bench/**/*.ts",
      "flowstate.mjs",
      "apps/runtime/scripts/**",
      "apps/runtime/src/**/*Cli.ts",
      "apps/runtime/src/main.ts",
    ],
    rules: { "no-console": "off" },
  },
);
