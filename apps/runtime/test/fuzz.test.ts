import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/trpc/appRouter.ts";
import { restPermissions } from "../src/auth/permissions.ts";
import { runFuzz, startFuzzServer, summary } from "./support/fuzz/harness.ts";
import type { FuzzServer } from "./support/fuzz/harness.ts";
import { payloadClasses } from "./support/fuzz/payloads.ts";

// Hostile payloads against every tRPC procedure and every /api route of a real runtime process
// on PostgreSQL, as every role, with API keys and anonymously (issue 18, deliverable 10).
// `npm test` runs a bounded sample with a fixed seed; `pnpm fuzz` runs ≥ 10,000 with a new seed
// (FLOWSTATE_FUZZ_RUNS, FLOWSTATE_FUZZ_SEED, FLOWSTATE_FUZZ_BUDGET_S override both).
const runs = Number(process.env.FLOWSTATE_FUZZ_RUNS ?? 1_200);
const seedSetting = process.env.FLOWSTATE_FUZZ_SEED ?? "18042";
const seed = seedSetting === "random" ? Date.now() % 2 ** 31 : Number(seedSetting);
const budgetMs = Number(process.env.FLOWSTATE_FUZZ_BUDGET_S ?? 60) * 1000;

describe("fuzz: hostile input never gives a 5xx, and a refusal changes nothing but its audit record", () => {
  let server: FuzzServer;
  beforeAll(async () => {
    server = await startFuzzServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("targets every procedure of the app router and every /api route Fastify registered", () => {
    const names = server.targets.map((t) => t.name);
    expect(names.filter((n) => !n.includes(" ")).sort()).toEqual(
      Object.keys(appRouter._def.procedures).sort(),
    );
    // The runtime runs without OIDC: its three OIDC routes beyond /api/auth/oidc are not registered.
    expect(names.filter((n) => n.includes(" ")).sort()).toEqual(
      Object.keys(restPermissions)
        .filter((r) => !r.startsWith("GET /api/auth/oidc/"))
        .sort(),
    );
    expect(server.callers.map((c) => c.name)).toEqual([
      "anonymous",
      "admin",
      "analyst",
      "operator",
      "worker",
      "viewer",
      "api-key",
      "db-api-key",
    ]);
  });

  it(
    `sends ${runs} generated requests (seed ${seed}): 0 5xx, documented error shapes, 0 changes by refusals`,
    async () => {
      const result = await runFuzz(server, { seed, runs, budgetMs, log: (line) => console.log(line) });
      console.log(summary(result, server.targets));
      // Every target and every payload class was exercised (the budget was not spent on a few).
      expect(Object.keys(result.byTarget).length).toBe(server.targets.length);
      expect(Object.keys(result.byClass).sort()).toEqual([...payloadClasses].sort());
      expect(
        result.failures.map(
          (f) => `#${f.index} ${f.target} as ${f.caller} [${f.cls}]: ${f.problem.slice(0, 200)}`,
        ),
      ).toEqual([]);
      // The server is still up and healthy after all of it.
      expect(server.runtime.child.exitCode).toBeNull();
      expect((await fetch(`${server.base.origin}/api/health`)).status).toBe(200);
    },
    budgetMs + 120_000,
  );
});
